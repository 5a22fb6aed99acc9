package io.netboxswarm.e2e;

import io.netboxswarm.contracts.wire.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** A topic's typed records, read and written as any client of the contracts does (committed records only). */
final class Records {

  private Records() {
  }

  /** Reads the topic from its start until a record matches, or fails after the timeout. */
  static <T extends SpecificRecord> T await(Map<String, Object> kafka, String registry, String topic, Class<T> type,
      Predicate<T> matching, Duration timeout) {
    try (KafkaConsumer<String, Object> consumer = consumer(kafka, registry)) {
      consumer.subscribe(List.of(topic));
      long until = System.nanoTime() + timeout.toNanos();
      List<Object> seen = new ArrayList<>();
      while (System.nanoTime() < until) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          if (type.isInstance(record.value()) && matching.test(type.cast(record.value()))) {
            return type.cast(record.value());
          }
          seen.add(record.value());
        }
      }
      throw new AssertionError("no matching " + type.getSimpleName() + " on " + topic + " within " + timeout
          + "; last seen: " + seen.subList(Math.max(0, seen.size() - 3), seen.size()));
    }
  }

  /**
   * Every record on the topic now: read by assignment up to each partition's end at the call (no consumer group,
   * so no rebalance, which after a broker restart can keep a group's first polls empty for a while).
   */
  static <T extends SpecificRecord> List<T> all(Map<String, Object> kafka, String registry, String topic, Class<T> type) {
    return stamped(kafka, registry, topic, type).stream().map(Stamped::value).toList();
  }

  /** A record and the time its producer stamped on it (Kafka's CreateTime). */
  record Stamped<T>(T value, long timestamp) {
  }

  /** {@link #all}, each record with its timestamp. */
  static <T extends SpecificRecord> List<Stamped<T>> stamped(Map<String, Object> kafka, String registry,
      String topic, Class<T> type) {
    List<Stamped<T>> records = new ArrayList<>();
    try (KafkaConsumer<String, Object> consumer = consumer(kafka, registry)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
      long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > until) {
          throw new AssertionError("did not reach the end of " + topic + " within 2 minutes");
        }
        consumer.poll(Duration.ofMillis(500)).forEach(r -> {
          if (type.isInstance(r.value())) {
            records.add(new Stamped<>(type.cast(r.value()), r.timestamp()));
          }
        });
      }
    }
    return records;
  }

  /** Sends {@code value} signed by {@code signer}, as the principal it names would. */
  static void send(Map<String, Object> kafka, String registry, String topic, String key, SpecificRecord value,
      io.netboxswarm.sealing.RecordSigner signer) {
    Map<String, Object> props = new HashMap<>(WireFormat.producerProperties(registry));
    props.putAll(kafka);
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(props,
        new org.apache.kafka.common.serialization.StringSerializer(),
        new io.netboxswarm.contracts.wire.SigningSerializer<>(WireFormat.valueSerializer(props), () -> signer))) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new AssertionError("cannot send to " + topic, e);
    }
  }

  private static KafkaConsumer<String, Object> consumer(Map<String, Object> kafka, String registry) {
    Map<String, Object> props = new HashMap<>(WireFormat.consumerProperties(registry));
    props.putAll(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(props);
  }
}
