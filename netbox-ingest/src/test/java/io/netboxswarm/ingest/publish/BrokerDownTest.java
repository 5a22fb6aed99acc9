package io.netboxswarm.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.ingest.Fixture;
import io.netboxswarm.ingest.IngestApplication;
import io.netboxswarm.ingest.TestKeys;
import io.netboxswarm.ingest.TopicReader;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * A broker of its own, stopped under the running ingest: NetBox gets 503 (so the job is marked failed and can be
 * retried), never 2xx, and the ingest serves again once the broker is back.
 */
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"netbox-swarm.ingest.publish.timeout=2s",
        "netbox-swarm.ingest.webhook.max-age=3650d"}) // the fixtures' timestamps are months old
class BrokerDownTest {

  static final KafkaBroker BROKER = KafkaBroker.start();
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @LocalManagementPort
  int managementPort;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
    BROKER.springKafkaProperties("ingest").forEach((name, value) -> registry.add(name, () -> value));
    registry.add("netbox-swarm.registry-url", () -> Platform.registry().url());
    registry.add("netbox-swarm.ingest.sealing.orchestrator-public-keyset-file",
        () -> TestKeys.orchestratorPublicKeysetFile().toString());
    registry.add("netbox-swarm.ingest.webhook.secret", () -> Fixture.SECRET);
  }

  @AfterAll
  static void stopBroker() {
    BROKER.close();
  }

  @Test
  void aDownBrokerIs503NeverA2xx() throws Exception {
    HttpResponse<String> before = send(Fixture.named("swarm_created"));
    assertThat(before.statusCode()).as(before.body()).isEqualTo(202);

    BROKER.stop();
    try {
      for (Fixture fixture : List.of(Fixture.named("swarm_updated_nodes_added"), Fixture.named("host_created"))) {
        HttpResponse<String> down = send(fixture);
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        assertThat(down.headers().firstValue("Content-Type")).hasValueSatisfying(
            t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(down.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(JSON.readTree(down.body()).get("code").stringValue()).isEqualTo("BROKER_UNAVAILABLE");
      }
      HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + managementPort + "/actuator/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(health.body()).get("components").get("kafka").get("status").stringValue())
          .isEqualTo("DOWN");
    } finally {
      BROKER.restart();
    }

    // Back up: what NetBox retries is accepted again. The producer reconnects on its own; a 503 in the meantime is
    // the same answer as above.
    HttpResponse<String> after;
    int attempts = 0;
    do {
      after = send(Fixture.named("swarm_updated_nodes_added"));
    } while (after.statusCode() == 503 && ++attempts < 30);
    assertThat(after.statusCode()).as(after.body()).isEqualTo(202);
    String beforeId = JSON.readTree(before.body()).get("eventId").stringValue();
    String afterId = JSON.readTree(after.body()).get("eventId").stringValue();
    List<ConsumerRecord<String, NetboxEvent>> records = TopicReader.read(BROKER.clientProperties("admin"),
        Platform.registry().url(), "netbox.events", seen -> seen.stream().anyMatch(
            r -> r.value().getEventId().equals(afterId)));
    assertThat(records).extracting(r -> r.value().getEventId()).contains(beforeId, afterId);
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private HttpResponse<String> send(Fixture fixture) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/netbox"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("X-Hook-Signature", fixture.signature())
            .method(fixture.method(), HttpRequest.BodyPublishers.ofByteArray(fixture.wire())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

}
