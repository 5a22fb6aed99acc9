package io.netboxswarm.ingest.webhook;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.netboxswarm.contracts.rejected.RejectedWebhook;
import io.netboxswarm.ingest.mapping.MappedWebhook;
import io.netboxswarm.ingest.mapping.NetboxEventMapper;
import io.netboxswarm.ingest.mapping.Redactor;
import io.netboxswarm.ingest.mapping.UnmappableWebhookException;
import io.netboxswarm.ingest.metrics.IngestMetrics;
import io.netboxswarm.ingest.publish.EventPublisher;
import io.netboxswarm.ingest.publish.PublishFailedException;
import tools.jackson.databind.JsonNode;

/**
 * A verified, parsed webhook: mapped and published (answer once acknowledged), ignored (other object types), or
 * rejected (422, with the redacted body on the rejected topic). Kafka out of reach is a 503, never a 2xx.
 */
@Component
class WebhookIntake {

  private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

  private final NetboxEventMapper mapper;
  private final EventPublisher publisher;
  private final IngestMetrics metrics;

  WebhookIntake(NetboxEventMapper mapper, EventPublisher publisher, IngestMetrics metrics) {
    this.mapper = mapper;
    this.publisher = publisher;
    this.metrics = metrics;
  }

  /** What the ingest answers a webhook it accepted. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Accepted(String status, String eventId, String key, String objectType) {
  }

  Accepted accept(JsonNode body, String method) {
    MappedWebhook mapped;
    try {
      mapped = mapper.map(body);
    } catch (UnmappableWebhookException e) {
      reject(body, method, e);
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

  private void reject(JsonNode body, String method, UnmappableWebhookException reason) {
    String requestId = text(body, "request_id");
    RejectedWebhook rejected = RejectedWebhook.newBuilder()
        .setRequestId(requestId != null ? requestId : UUID.randomUUID().toString())
        .setReceivedAt(Instant.now())
        .setReasonCode(reason.reason().name())
        .setReason(reason.getMessage())
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
    log.info("webhook {} rejected: {} ({})", rejected.getRequestId(), reason.reason(), reason.getMessage());
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
