package io.netboxswarm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

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
  void theBrokerAcknowledgesAndDeliversWithAcksAll(KafkaBroker kafka) throws Exception {
    String topic = "platform-" + UUID.randomUUID();
    kafka.createTopics(topic);
    try (var producer = new KafkaProducer<String, String>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer())) {
      var metadata = producer.send(new ProducerRecord<>(topic, "k", "v")).get();
      assertThat(metadata.offset()).isZero();
    }
    try (var consumer = new KafkaConsumer<String, String>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "platform-test",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
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
}
