package io.netboxswarm.ingest.webhook;

import static io.netboxswarm.ingest.webhook.WebhookEndpointTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.rejected.RejectedWebhook;
import io.netboxswarm.ingest.Fixture;
import io.netboxswarm.ingest.IngestIntegrationTest;
import io.netboxswarm.ingest.Signatures;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A captured webhook replayed later is refused: a signed webhook whose NetBox {@code timestamp} is older than
 * {@code max-age} (5 min, the default) or more than {@code max-clock-skew} (1 min) ahead is answered 422 and
 * recorded on the rejected topic, never published; a fresh one is published.
 */
@TestPropertySource(properties = {
    "netbox-swarm.ingest.webhook.max-age=5m",
    "netbox-swarm.ingest.webhook.max-clock-skew=1m",
    "netbox-swarm.ingest.publish.events-topic=it.fresh.events",
    "netbox-swarm.ingest.publish.rejected-topic=it.fresh.rejected"})
class WebhookFreshnessTest extends IngestIntegrationTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  /** As NetBox writes it: {@code 2026-08-22T09:00:03.601442+00:00}. */
  static final DateTimeFormatter NETBOX = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'")
      .withZone(ZoneOffset.UTC);

  @Test
  void aStaleOrFutureWebhookIsRefusedAndRecordedAndAFreshOneIsPublished() {
    byte[] stale = webhook(Instant.now().minus(Duration.ofMinutes(6)));
    HttpResponse<String> staleAnswer = sendSigned("POST", stale);
    assertProblem(staleAnswer, 422, "STALE_WEBHOOK");
    assertThat(JSON.readTree(staleAnswer.body()).get("detail").stringValue()).contains("max-age (300 s)");

    byte[] future = webhook(Instant.now().plus(Duration.ofMinutes(2)));
    HttpResponse<String> futureAnswer = sendSigned("POST", future);
    assertProblem(futureAnswer, 422, "FUTURE_WEBHOOK");
    assertThat(JSON.readTree(futureAnswer.body()).get("detail").stringValue()).contains("max-clock-skew (60 s)");

    // Within the window: just now, four minutes ago, and half a minute ahead (NetBox's clock a little fast).
    byte[] fresh = webhook(Instant.now());
    byte[] late = webhook(Instant.now().minus(Duration.ofMinutes(4)));
    byte[] ahead = webhook(Instant.now().plus(Duration.ofSeconds(30)));
    for (byte[] body : List.of(fresh, late, ahead)) {
      HttpResponse<String> answer = sendSigned("POST", body);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    List<String> published = List.of(requestId(fresh), requestId(late), requestId(ahead));
    List<ConsumerRecord<String, NetboxEvent>> events = read("it.fresh.events", seen -> seen.stream()
        .map(r -> r.value().getRequestId()).toList().containsAll(published));
    assertThat(events).extracting(r -> r.value().getRequestId()).containsAll(published)
        .doesNotContain(requestId(stale), requestId(future));

    List<String> refused = List.of(requestId(stale), requestId(future));
    List<ConsumerRecord<String, RejectedWebhook>> rejected = read("it.fresh.rejected",
        seen -> seen.stream().filter(r -> refused.contains(r.key())).count() >= 2);
    assertThat(rejected).filteredOn(r -> refused.contains(r.key()))
        .extracting(r -> r.key() + " " + r.value().getReasonCode()).containsExactlyInAnyOrder(
            requestId(stale) + " STALE_WEBHOOK", requestId(future) + " FUTURE_WEBHOOK");
  }

  @Test
  void theSignatureIsCheckedFirst() {
    byte[] stale = webhook(Instant.now().minus(Duration.ofHours(1)));
    assertProblem(send("POST", stale, "application/json", null), 401, "MISSING_SIGNATURE");
    assertProblem(send("POST", stale, "application/json", Signatures.sign(stale, "another secret")), 401,
        "BAD_SIGNATURE");
  }

  @Test
  void aWebhookWithoutATimestampIsUnmappableAsBefore() {
    ObjectNode body = (ObjectNode) JSON.readTree(Fixture.named("swarm_created").wire());
    body.remove("timestamp");
    assertProblem(sendSigned("POST", JSON.writeValueAsBytes(body)), 422, "MISSING_FIELD");
    body.put("timestamp", "yesterday");
    assertProblem(sendSigned("POST", JSON.writeValueAsBytes(body)), 422, "WRONG_TYPE");
  }

  /** NetBox's swarm_created webhook at this instant, with a request id of its own. */
  private static byte[] webhook(Instant at) {
    ObjectNode body = (ObjectNode) JSON.readTree(Fixture.named("swarm_created").wire());
    body.put("timestamp", NETBOX.format(at));
    body.put("request_id", UUID.randomUUID().toString());
    return JSON.writeValueAsBytes(body);
  }

  private static String requestId(byte[] body) {
    return JSON.readTree(body).get("request_id").stringValue();
  }
}
