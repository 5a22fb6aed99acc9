package io.netboxswarm.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.rejected.RejectedWebhook;
import io.netboxswarm.ingest.Fixture;
import io.netboxswarm.ingest.IngestIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The webhook endpoint through the real broker and registry: what NetBox sends is published, bad input refused. */
@TestPropertySource(properties = {
    "netbox-swarm.ingest.publish.events-topic=it.webhook.events",
    "netbox-swarm.ingest.publish.rejected-topic=it.webhook.rejected"})
class WebhookEndpointTest extends IngestIntegrationTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void everyFixtureIsAnsweredAfterKafkaHasItAndArrivesTyped() {
    Map<String, Fixture> byEventId = new HashMap<>();
    Map<String, String> keys = new HashMap<>();
    for (Fixture fixture : Fixture.all()) {
      HttpResponse<String> response = send(fixture);
      assertThat(response.statusCode()).as(fixture.name() + ": " + response.body()).isEqualTo(202);
      JsonNode answer = JSON.readTree(response.body());
      assertThat(answer.get("status").stringValue()).isEqualTo("published");
      byEventId.put(answer.get("eventId").stringValue(), fixture);
      keys.put(answer.get("eventId").stringValue(), answer.get("key").stringValue());
    }
    assertThat(byEventId).hasSize(Fixture.all().size() - 1); // the with-data variant shares secret_created's change

    List<ConsumerRecord<String, NetboxEvent>> records = read("it.webhook.events",
        seen -> seen.stream().map(r -> r.value().getEventId()).distinct().count() >= byEventId.size());
    for (ConsumerRecord<String, NetboxEvent> record : records) {
      NetboxEvent event = record.value();
      Fixture fixture = byEventId.get(event.getEventId());
      assertThat(fixture).as("an event we sent").isNotNull();
      JsonNode body = JSON.readTree(fixture.wire());
      assertThat(record.key()).isEqualTo(keys.get(event.getEventId()))
          .isEqualTo(body.get("object_type").stringValue().replace("netbox_docker_plugin.", "") + ":"
              + body.get("data").get("id").longValue());
      assertThat(event.getKind()).isEqualTo(EventKind.valueOf(body.get("event").stringValue().toUpperCase()));
      assertThat(event.getObjectId()).isEqualTo(body.get("data").get("id").longValue());
      assertThat(event.getRequestId()).isEqualTo(body.get("request_id").stringValue());
      assertThat(event.getAfter() == null).isEqualTo("deleted".equals(body.get("event").stringValue()));
    }
  }

  @Test
  void theSameWebhookTwiceCarriesTheSameEventId() {
    Fixture fixture = Fixture.named("network_overlay_created");
    String first = JSON.readTree(send(fixture).body()).get("eventId").stringValue();
    String second = JSON.readTree(send(fixture).body()).get("eventId").stringValue();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void anyMethodIsReadAlike() {
    Fixture fixture = Fixture.named("network_created");
    for (String method : List.of("POST", "PUT", "PATCH", "GET", "DELETE")) {
      assertThat(send(method, fixture.wire(), "application/json", fixture.signature()).statusCode()).as(method)
          .isEqualTo(202);
    }
  }

  @Test
  void missingOrWrongSignatureIs401() {
    Fixture fixture = Fixture.named("swarm_created");
    assertProblem(send("POST", fixture.wire(), "application/json", null), 401, "MISSING_SIGNATURE");
    byte[] tampered = fixture.text().replace("prod-swarm", "evil-swarm").getBytes(StandardCharsets.UTF_8);
    assertProblem(send("POST", tampered, "application/json", fixture.signature()), 401, "BAD_SIGNATURE");
    assertProblem(send("POST", fixture.wire(), "application/json", "not-hex"), 401, "BAD_SIGNATURE");
  }

  @Test
  void malformedJsonIs400WithoutQuotingTheBody() {
    byte[] body = "{\"event\": \"created\", \"data\": {\"data\": c3VwZXItc2VjcmV0}}".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response = sendSigned("POST", body);
    assertProblem(response, 400, "MALFORMED_JSON");
    assertThat(response.body()).doesNotContain("c3VwZXItc2VjcmV0").contains("line 1, column");
    assertProblem(sendSigned("POST", new byte[0]), 400, "MALFORMED_JSON");
    assertProblem(sendSigned("POST", "{\"a\":1} {\"b\":2}".getBytes(StandardCharsets.UTF_8)), 400, "MALFORMED_JSON");
    assertProblem(sendSigned("POST", "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)), 400, "MALFORMED_JSON");
  }

  @Test
  void aBodyOverTheLimitIs413() {
    byte[] big = new byte[1024 * 1024 + 1];
    Arrays.fill(big, (byte) ' ');
    assertProblem(sendSigned("POST", big), 413, "TOO_LARGE");
  }

  @Test
  void notJsonIs415() {
    Fixture fixture = Fixture.named("swarm_created");
    assertProblem(send("POST", fixture.wire(), "text/plain", fixture.signature()), 415, "NOT_JSON");
    assertProblem(send("POST", fixture.wire(), null, fixture.signature()), 415, "NOT_JSON");
    assertThat(send("POST", fixture.wire(), "application/json; charset=utf-8", fixture.signature()).statusCode())
        .isEqualTo(202);
  }

  @Test
  void signedButUnmappableIs422AndGoesRedactedToTheRejectedTopic() {
    ObjectNode body = (ObjectNode) JSON.readTree(Fixture.named("secret_created_with_data_variant").wire());
    body.put("request_id", "rejected-" + System.nanoTime());
    ((ObjectNode) body.get("data")).put("swarm", "five");
    HttpResponse<String> response = sendSigned("PATCH", JSON.writeValueAsBytes(body));
    assertProblem(response, 422, "WRONG_TYPE");
    assertThat(JSON.readTree(response.body()).get("detail").stringValue())
        .isEqualTo("field '$.data.swarm' must be an integer, not a string");

    String requestId = body.get("request_id").stringValue();
    List<ConsumerRecord<String, RejectedWebhook>> rejected = read("it.webhook.rejected",
        seen -> seen.stream().anyMatch(r -> r.key().equals(requestId)));
    RejectedWebhook record = rejected.stream().filter(r -> r.key().equals(requestId)).findFirst().orElseThrow().value();
    assertThat(record.getReasonCode()).isEqualTo("WRONG_TYPE");
    assertThat(record.getReason()).isEqualTo("field '$.data.swarm' must be an integer, not a string");
    assertThat(record.getEvent()).isEqualTo("created");
    assertThat(record.getObjectType()).isEqualTo("netbox_docker_plugin.secret");
    assertThat(record.getMethod()).isEqualTo("PATCH");
    JsonNode redacted = JSON.readTree(record.getRedactedBody());
    assertThat(redacted.get("data").get("data").stringValue()).isEqualTo("[REDACTED]");
    assertThat(redacted.get("data").get("name").stringValue()).isEqualTo("admin_password");
    assertThat(record.getRedactedBody()).doesNotContain("c3VwZXItc2VjcmV0LXBhc3N3b3Jk");

    ObjectNode unknownEvent = (ObjectNode) JSON.readTree(Fixture.named("network_created").wire());
    unknownEvent.put("event", "job_completed");
    assertProblem(sendSigned("POST", JSON.writeValueAsBytes(unknownEvent)), 422, "UNKNOWN_EVENT");
    assertProblem(sendSigned("POST", "[]".getBytes(StandardCharsets.UTF_8)), 422, "NOT_AN_OBJECT");
  }

  @Test
  void otherObjectTypesAreAcceptedCountedNotPublished() {
    ObjectNode device = (ObjectNode) JSON.readTree(Fixture.named("network_created").wire());
    device.put("object_type", "dcim.device");
    double ignoredBefore = metric("netbox_ingest_webhooks_ignored_total");
    double publishedBefore = metric("netbox_ingest_events_published_total{application=\"netbox-ingest\",object_type=\"network\",source=\"webhook\"}");
    HttpResponse<String> response = sendSigned("POST", JSON.writeValueAsBytes(device));
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).get("status").stringValue()).isEqualTo("ignored");
    assertThat(metric("netbox_ingest_webhooks_ignored_total")).isEqualTo(ignoredBefore + 1);
    assertThat(metric("netbox_ingest_events_published_total{application=\"netbox-ingest\",object_type=\"network\",source=\"webhook\"}"))
        .isEqualTo(publishedBefore);
  }

  @Test
  void healthIncludesKafkaAndTheRegistryAndMetricsAreExposed() {
    send(Fixture.named("swarm_created"));
    sendSigned("POST", "nope".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> health = getManagement("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode components = JSON.readTree(health.body()).get("components");
    assertThat(components.get("kafka").get("status").stringValue()).isEqualTo("UP");
    assertThat(components.get("schemaRegistry").get("status").stringValue()).isEqualTo("UP");
    assertThat(components.get("kafka").has("details")).as("details (addresses, errors) to no one").isFalse();
    String metrics = getManagement("/actuator/prometheus").body();
    assertThat(metrics).contains("netbox_ingest_webhooks_received_total",
        "netbox_ingest_events_published_total{application=\"netbox-ingest\",object_type=\"swarm\",source=\"webhook\"}",
        "netbox_ingest_webhooks_rejected_total{application=\"netbox-ingest\",reason=\"MALFORMED_JSON\"}",
        "netbox_ingest_publish_latency_seconds_bucket");
  }

  private double metric(String line) {
    for (String l : getManagement("/actuator/prometheus").body().split("\n")) {
      if (l.startsWith(line + " ") || (l.startsWith(line + "{") && !line.contains("{"))) {
        return Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").intValue()).isEqualTo(status);
    assertThat(problem.get("code").stringValue()).isEqualTo(code);
    assertThat(problem.get("title").stringValue()).isNotBlank();
    assertThat(problem.get("detail").stringValue()).isNotBlank();
    assertThat(problem.get("type").stringValue()).startsWith("urn:netbox-swarm:ingest:");
  }

}
