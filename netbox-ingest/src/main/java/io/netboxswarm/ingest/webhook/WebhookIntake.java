package io.netboxswarm.ingest.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.netboxswarm.contracts.rejected.RejectedWebhook;
import io.netboxswarm.ingest.IngestProperties;
import io.netboxswarm.netbox.mapping.MappedWebhook;
import io.netboxswarm.netbox.mapping.NetboxEventMapper;
import io.netboxswarm.netbox.mapping.Redactor;
import io.netboxswarm.netbox.mapping.UnmappableWebhookException;
import io.netboxswarm.ingest.metrics.IngestMetrics;
import io.netboxswarm.ingest.publish.EventPublisher;
import io.netboxswarm.ingest.publish.PublishFailedException;
import tools.jackson.databind.JsonNode;

/**
 * A verified, parsed webhook: mapped and published (answer once acknowledged), ignored (other object types), or
 * rejected (422, with the redacted body on the rejected topic): unmappable, or its {@code timestamp} older than
 * {@code webhook.max-age} (a replay, or a NetBox queue far behind) or further ahead than
 * {@code webhook.max-clock-skew}. Kafka out of reach is a 503, never a 2xx.
 */
@Component
class WebhookIntake {

  private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

  private final NetboxEventMapper mapper;
  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final Clock clock;
  private final Duration maxAge;
  private final Duration maxClockSkew;

  WebhookIntake(NetboxEventMapper mapper, EventPublisher publisher, IngestMetrics metrics,
      IngestProperties properties, Clock clock) {
    this.mapper = mapper;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
    this.maxAge = properties.webhook().maxAge();
    this.maxClockSkew = properties.webhook().maxClockSkew();
  }

  /** What the ingest answers a webhook it accepted. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Accepted(String status, String eventId, String key, String objectType) {
  }

  Accepted accept(JsonNode body, String method) {
    requireFresh(body, method);
    MappedWebhook mapped;
    try {
      mapped = mapper.map(body);
    } catch (UnmappableWebhookException e) {
      reject(body, method, e.reason().name(), e.getMessage());
      throw new WebhookProblem(HttpStatus.UNPROCESSABLE_CONTENT, e.reason().name(), e.getMessage());
    }
    if (mapped instanceof MappedWebhook.Ignored ignored) {
      metrics.ignored();
      return new Accepted("ignored", null, null, ignored.objectType());
    }
    MappedWebhook.Event event = (MappedWebhook.Event) mapped;
    try {
      publisher.publish(event.key(), event.event(), IngestMetrics.WEBHOOK);
    } catch (PublishFailedException e) {
      log.warn("webhook {} for {} not published: {}", event.event().getEventId(), event.key(), e.getMessage());
      throw unavailable(e);
    }
    return new Accepted("published", event.event().getEventId(), event.key(), null);
  }

  /**
   * Refuses a webhook whose {@code timestamp} is out of the window; one without a readable timestamp goes on to the
   * mapper, which refuses it as unmappable.
   */
  private void requireFresh(JsonNode body, String method) {
    String timestamp = text(body, "timestamp");
    Instant at;
    try {
      at = timestamp == null ? null : OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      at = null;
    }
    if (at == null) {
      return;
    }
    Instant now = clock.instant();
    String code = null;
    String detail = null;
    if (at.isBefore(now.minus(maxAge))) {
      code = "STALE_WEBHOOK";
      detail = "the webhook's timestamp is " + Duration.between(at, now).toSeconds() + " s old, more than "
          + "netbox-swarm.ingest.webhook.max-age (" + maxAge.toSeconds() + " s): a replay, or NetBox's queue fell "
          + "behind (a resync catches up)";
    } else if (at.isAfter(now.plus(maxClockSkew))) {
      code = "FUTURE_WEBHOOK";
      detail = "the webhook's timestamp is " + Duration.between(now, at).toSeconds() + " s ahead of this clock, "
          + "more than netbox-swarm.ingest.webhook.max-clock-skew (" + maxClockSkew.toSeconds() + " s): check "
          + "NetBox's and the ingest's clocks";
    }
    if (code != null) {
      reject(body, method, code, detail);
      throw new WebhookProblem(HttpStatus.UNPROCESSABLE_CONTENT, code, detail);
    }
  }

  private void reject(JsonNode body, String method, String code, String reason) {
    String requestId = text(body, "request_id");
    RejectedWebhook rejected = RejectedWebhook.newBuilder()
        .setRequestId(requestId != null ? requestId : UUID.randomUUID().toString())
        .setReceivedAt(clock.instant())
        .setReasonCode(code)
        .setReason(reason)
        .setEvent(text(body, "event"))
        .setObjectType(text(body, "object_type") != null ? text(body, "object_type") : text(body, "model"))
        .setMethod(method)
        .setRedactedBody(WebhookJson.write(Redactor.redact(body)))
        .build();
    try {
      publisher.publishRejected(rejected.getRequestId(), rejected);
    } catch (PublishFailedException e) {
      // Not recorded durably: let NetBox count it failed, so it can be sent again.
      log.warn("rejected webhook {} not recorded: {}", rejected.getRequestId(), e.getMessage());
      throw unavailable(e);
    }
    log.info("webhook {} rejected: {} ({})", rejected.getRequestId(), code, reason);
  }

  private static WebhookProblem unavailable(PublishFailedException e) {
    return new WebhookProblem(HttpStatus.SERVICE_UNAVAILABLE, "BROKER_UNAVAILABLE",
        "the event could not be handed to Kafka in time; send it again later");
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.isObject() ? body.get(field) : null;
    return value != null && value.isString() ? value.stringValue() : null;
  }
}
