package io.netboxswarm.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.netboxswarm.contracts.ContractSamples.Sample;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import io.netboxswarm.testkit.registry.ApicurioRegistry;

/** Every contract, every union branch, written and read back through the real broker and registry. */
@ExtendWith(Platform.class)
class ContractRoundTripTest {

  @Test
  void everyContractSurvivesTheBrokerAndTheRegistry(KafkaBroker kafka, ApicurioRegistry registry) throws Exception {
    List<Sample> samples = ContractSamples.all();
    List<String> topics = samples.stream().map(Sample::topic).distinct().toList();
    kafka.createTopics(topics.toArray(String[]::new));

    Map<String, Object> producerProps = new HashMap<>(WireFormat.producerProperties(registry.url()));
    producerProps.putAll(kafka.clientProperties("admin"));
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<String, SpecificRecord>(producerProps)) {
      for (Sample sample : samples) {
        producer.send(new ProducerRecord<>(sample.topic(), sample.key(), sample.value())).get();
      }
    }

    Map<String, Object> consumerProps = new HashMap<>(WireFormat.consumerProperties(registry.url()));
    consumerProps.putAll(kafka.clientProperties("admin"));
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "round-trip-" + UUID.randomUUID());
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<Object> read = new ArrayList<>();
    try (var consumer = new KafkaConsumer<String, Object>(consumerProps)) {
      consumer.subscribe(topics);
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (read.size() < samples.size() && System.nanoTime() < until) {
        for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(200))) {
          read.add(r.value());
        }
      }
    }

    assertThat(read).as("values read back as the generated classes, equal to what was written")
        .containsExactlyInAnyOrderElementsOf(samples.stream().map(s -> (Object) s.value()).toList());
  }
}
