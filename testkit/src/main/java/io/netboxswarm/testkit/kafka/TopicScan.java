package io.netboxswarm.testkit.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every byte of every topic on a broker (internal ones included, aborted transactions too), searched for values
 * that must never be there in clear: the check behind "no topic holds a secret or a token".
 */
public final class TopicScan {

  private TopicScan() {
  }

  /**
   * Fails on the first record whose key or value contains one of the values (as UTF-8 bytes); returns the records
   * read per topic.
   *
   * @param clientProperties Kafka client settings of a principal that may read every topic (the broker's admin)
   */
  public static Map<String, Integer> assertNoneContains(Map<String, Object> clientProperties, List<String> values) {
    Set<String> topics;
    try (Admin admin = Admin.create(clientProperties)) {
      topics = admin.listTopics().names().get();
    } catch (Exception e) {
      throw new AssertionError("cannot list the topics", e);
    }
    List<byte[]> needles = new ArrayList<>();
    values.forEach(v -> needles.add(v.getBytes(StandardCharsets.UTF_8)));
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    Map<String, Integer> counts = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      // Up to the end each partition has now: topics that keep growing (heartbeats) would never run dry.
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
      end.values().removeIf(offset -> offset == 0);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!end.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("topic scan did not reach the end of " + end.keySet());
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          counts.merge(record.topic(), 1, Integer::sum);
          for (int i = 0; i < needles.size(); i++) {
            if (contains(record.value(), needles.get(i)) || contains(record.key(), needles.get(i))) {
              throw new AssertionError(record.topic() + " offset " + record.offset() + " holds value #" + i
                  + " of the scan in clear");
            }
          }
        }
        end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
      }
    }
    return counts;
  }

  /** Whether {@code needle} occurs in {@code haystack} (null: no). */
  public static boolean contains(byte[] haystack, byte[] needle) {
    if (haystack == null) {
      return false;
    }
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
