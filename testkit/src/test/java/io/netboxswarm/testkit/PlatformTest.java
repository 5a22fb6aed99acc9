package io.netboxswarm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.netboxswarm.testkit.kafka.KafkaBroker;
import io.netboxswarm.testkit.registry.ApicurioRegistry;

@ExtendWith(Platform.class)
class PlatformTest {

  @Test
  void theRegistryServesWithABackwardGlobalRule(ApicurioRegistry registry) {
    assertThat(registry.globalRule("COMPATIBILITY")).isEqualTo("BACKWARD");
    assertThat(registry.get(registry.ccompatUrl() + "/config")).contains("\"compatibilityLevel\":\"BACKWARD\"");
    assertThat(registry.url()).startsWith("http://127.0.0.1:");
  }

  @Test
  void theRegistryRefusesABackwardIncompatibleSchema(ApicurioRegistry registry) throws Exception {
    String subject = registry.ccompatUrl() + "/subjects/platform-" + UUID.randomUUID() + "/versions";
    String v1 = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
    // A new field without a default: readers of v2 cannot read what v1 wrote.
    String v2 = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
        + "{\"name\":\"b\",\"type\":\"int\"}]}";
    assertThat(register(subject, v1).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = register(subject, v2);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
  }

  @Test
  void theBrokerAcknowledgesAndDeliversWithAcksAll(KafkaBroker kafka) throws Exception {
    String topic = "platform-" + UUID.randomUUID();
    kafka.createTopics(topic);
    try (var producer = new KafkaProducer<String, String>(kafka.clientProperties("admin", Map.of(
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)), new StringSerializer(), new StringSerializer())) {
      var metadata = producer.send(new ProducerRecord<>(topic, "k", "v")).get();
      assertThat(metadata.offset()).isZero();
    }
    try (var consumer = new KafkaConsumer<String, String>(kafka.clientProperties("admin", Map.of(
        ConsumerConfig.GROUP_ID_CONFIG, "platform-test",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> seen = new java.util.ArrayList<>();
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (seen.isEmpty() && System.nanoTime() < until) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      }
      assertThat(seen).singleElement().satisfies(r -> {
        assertThat(r.key()).isEqualTo("k");
        assertThat(r.value()).isEqualTo("v");
      });
    }
  }

  /** Registers a schema under a subject through the Confluent-compatible API, as Confluent's clients do. */
  private static HttpResponse<String> register(String subjectVersionsUrl, String schema) throws Exception {
    String body = "{\"schema\":" + new ObjectMapper().writeValueAsString(schema) + "}";
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(subjectVersionsUrl))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
