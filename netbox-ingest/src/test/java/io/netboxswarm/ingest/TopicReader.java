package io.netboxswarm.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.netboxswarm.contracts.wire.WireFormat;

/** Reads a topic from the start, as a consumer of the contracts (or as raw bytes, for the secret scan). */
public final class TopicReader {

  private TopicReader() {
  }

  /** Polls {@code topic} from the beginning until {@code done} holds for what was read, or 60 s pass. */
  public static <V> List<ConsumerRecord<String, V>> read(Map<String, Object> kafka, String registryUrl, String topic,
      Predicate<List<ConsumerRecord<String, V>>> done) {
    Map<String, Object> props = new HashMap<>(WireFormat.consumerProperties(registryUrl));
    props.putAll(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, V>> seen = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!done.test(seen) && System.nanoTime() < until) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      }
    }
    return seen;
  }

  /** Every record's key and value bytes of {@code topic}, read until two empty polls after the end. */
  public static List<byte[]> rawBytes(Map<String, Object> kafka, String topic) {
    Map<String, Object> props = new HashMap<>();
    props.putAll(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "scan-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<byte[]> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      int empty = 0;
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < until) {
        var records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty() && !consumer.assignment().isEmpty()) {
          boolean atEnd = consumer.endOffsets(consumer.assignment()).entrySet().stream()
              .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
          if (atEnd && ++empty >= 2) {
            break;
          }
        }
        records.forEach(r -> {
          if (r.key() != null) {
            out.add(r.key());
          }
          if (r.value() != null) {
            out.add(r.value());
          }
          r.headers().forEach(h -> out.add(h.value()));
        });
      }
    }
    return out;
  }

}
