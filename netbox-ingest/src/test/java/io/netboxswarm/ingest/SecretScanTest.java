package io.netboxswarm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.rejected.RejectedWebhook;
import io.netboxswarm.testkit.Platform;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every secret the fixtures carry (Secret data, host API token, agent passwords, join tokens, the webhook secret)
 * is absent from the bytes of every topic on the broker, from the logs and from the metrics, after the ingest
 * handled all fixtures and rejected some of them; and the log, from the start on, holds no exception and no Kafka
 * client configuration dump.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {
    "netbox-swarm.ingest.publish.events-topic=it.scan.events",
    "netbox-swarm.ingest.publish.rejected-topic=it.scan.rejected"})
class SecretScanTest extends IngestIntegrationTest {

  static final List<String> PLAINTEXTS = List.of(
      "super-secret-password",
      "c3VwZXItc2VjcmV0LXBhc3N3b3Jk",
      "q9XvL2mN7rT4wY8zB1cD5fG3hJ6kP0sU2aE4iO7u",
      "Ab3dEf6hIj9k",
      "Agent-Pass-1",
      "Agent-Pass-3",
      "SWMTKN-1-4g0exampleexampleexampleexampleexampleexample0001-1awxwuwd3z9j1z3puu7rcgdbx",
      "SWMTKN-1-4g0exampleexampleexampleexampleexampleexample0001-7p73s1dx5in4tatdymyhg9hu2",
      "4g0exampleexampleexampleexampleexampleexample0001",
      Fixture.SECRET);

  @Test
  void noSecretPlaintextOnAnyTopicInAnyLogOrMetric(CapturedOutput output) throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    for (Fixture fixture : Fixture.all()) {
      assertThat(send(fixture).statusCode()).as(fixture.name()).isEqualTo(202);
    }
    // rejected ones, carrying every kind of secret
    List<String> rejectedIds = new ArrayList<>();
    for (String name : List.of("host_created", "secret_created_with_data_variant", "swarm_updated_nodes_removed")) {
      ObjectNode body = (ObjectNode) json.readTree(Fixture.named(name).wire());
      body.put("request_id", "scan-" + name);
      ((ObjectNode) body.get("data")).put("id", "not-an-id");
      assertThat(sendSigned("POST", json.writeValueAsBytes(body)).statusCode()).isEqualTo(422);
      rejectedIds.add("scan-" + name);
    }
    // and bodies that fail before mapping
    assertThat(sendSigned("POST", "{\"data\": {\"data\": \"c3VwZXItc2VjcmV0LXBhc3N3b3Jk\"".getBytes(StandardCharsets.UTF_8))
        .statusCode()).isEqualTo(400);
    assertThat(send("POST", Fixture.named("host_created").wire(), "application/json", "00").statusCode()).isEqualTo(401);

    List<org.apache.kafka.clients.consumer.ConsumerRecord<String, NetboxEvent>> events = read("it.scan.events",
        seen -> seen.size() >= Fixture.all().size());
    assertThat(events).hasSizeGreaterThanOrEqualTo(Fixture.all().size());
    List<org.apache.kafka.clients.consumer.ConsumerRecord<String, RejectedWebhook>> rejected = read("it.scan.rejected",
        seen -> seen.size() >= rejectedIds.size());
    assertThat(rejected).extracting(r -> r.key()).containsAll(rejectedIds);

    Set<String> topics;
    try (Admin admin = Platform.broker().admin()) {
      topics = admin.listTopics().names().get();
    }
    assertThat(topics).contains("it.scan.events", "it.scan.rejected");
    long scanned = 0;
    int controlHits = 0;
    for (String topic : topics) {
      for (byte[] bytes : TopicReader.rawBytes(Platform.broker().clientProperties("admin"), topic)) {
        scanned += bytes.length;
        // positive control: what is not secret (a host name) is found by the same scan
        controlHits += indexOf(bytes, "docker-host-01".getBytes(StandardCharsets.UTF_8)) >= 0 ? 1 : 0;
        for (String plaintext : PLAINTEXTS) {
          assertThat(indexOf(bytes, plaintext.getBytes(StandardCharsets.UTF_8))).as(plaintext + " on " + topic)
              .isEqualTo(-1);
        }
      }
    }
    assertThat(scanned).isPositive();
    assertThat(controlHits).isPositive();
    String metrics = getManagement("/actuator/prometheus").body();
    String logs = output.getAll();
    // a healthy start, captured from its first line: no exception, no Kafka client configuration dump
    assertThat(logs).as("logs").contains("Started SecretScanTest")
        .doesNotContainPattern("(Producer|Consumer|AdminClient)Config values:");
    assertThat(logs.substring(0, logs.indexOf("Started SecretScanTest"))).as("the start's log")
        .doesNotContain("Exception").doesNotContain("Bean Validation");
    for (String plaintext : PLAINTEXTS) {
      assertThat(logs).as("logs").doesNotContain(plaintext);
      assertThat(metrics).as("metrics").doesNotContain(plaintext);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
