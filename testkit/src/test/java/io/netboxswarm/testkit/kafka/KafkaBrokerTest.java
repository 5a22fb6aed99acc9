package io.netboxswarm.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
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

import io.netboxswarm.testkit.Platform;

/** The outage other modules' tests stage: a stopped broker serves nobody, a restarted one keeps its address and data. */
@ExtendWith(Platform.class)
class KafkaBrokerTest {

  @Test
  void aRestartedBrokerServesTheRecordsWrittenBeforeTheOutage(KafkaBroker kafka) throws Exception {
    String topic = "outage-" + UUID.randomUUID();
    kafka.createTopics(topic);
    Map<String, Object> producerProps = kafka.clientProperties("admin");
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<String, String>(producerProps, new StringSerializer(),
        new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "before the outage")).get();
    }

    kafka.stop();
    try {
      assertThatExceptionOfType(Exception.class).as("a stopped broker answers")
          .isThrownBy(() -> describeCluster(kafka));
    } finally {
      kafka.restart();
    }

    assertThat(describeCluster(kafka)).isEqualTo(1);
    Map<String, Object> consumerProps = kafka.clientProperties("admin");
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "outage-" + UUID.randomUUID());
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (var consumer = new KafkaConsumer<String, String>(consumerProps, new StringDeserializer(),
        new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      ConsumerRecord<String, String> seen = null;
      while (seen == null && System.nanoTime() < until) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          seen = record;
        }
      }
      assertThat(seen).as("the record written before the outage").isNotNull();
      assertThat(seen.value()).isEqualTo("before the outage");
    }
  }

  /** The number of brokers the cluster reports, asked with a short deadline. */
  private static int describeCluster(KafkaBroker kafka) throws Exception {
    Map<String, Object> props = kafka.clientProperties("admin");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    try (Admin admin = Admin.create(props)) {
      return admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get(5, TimeUnit.SECONDS)
          .size();
    }
  }
}
