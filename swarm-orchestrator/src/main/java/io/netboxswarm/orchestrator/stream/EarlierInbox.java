package io.netboxswarm.orchestrator.stream;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox of an earlier version, which copied every input into {@code <application id>-inbox-repartition} (one
 * transaction) and decided from there (a second). This version decides from the inputs directly, so records still
 * in that inbox, already consumed from the inputs, would never be seen: it starts only once the earlier version has
 * processed its inbox to the end.
 */
final class EarlierInbox {

  private static final Logger log = LoggerFactory.getLogger(EarlierInbox.class);
  private static final long TIMEOUT_SECONDS = 30;

  private EarlierInbox() {
  }

  static String topic(String applicationId) {
    return applicationId + "-inbox-repartition";
  }

  /**
   * Returns when there is no earlier inbox or nothing is left in it; throws, saying what to do, when records are.
   *
   * @param adminProperties the Kafka admin client's settings (bootstrap servers, security)
   */
  static void checkDrained(Map<String, Object> adminProperties, String applicationId) {
    String topic = topic(applicationId);
    try (Admin admin = Admin.create(new HashMap<>(adminProperties))) {
      if (!admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(topic)) {
        return;
      }
      long left = unprocessed(admin, adminProperties, topic, applicationId);
      if (left > 0) {
        throw new IllegalStateException(topic + " holds " + left + " records that an earlier version of the"
            + " orchestrator took from its inputs and has not processed yet; this version reads its inputs directly"
            + " and would never see them. Run the earlier version until the lag of group " + applicationId + " on "
            + topic + " is 0 (kafka-consumer-groups.sh --describe --group " + applicationId + "), stop it, then"
            + " start this one");
      }
      log.info("{}, an earlier version's inbox, is processed to its end and no longer read: it may be deleted",
          topic);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot check " + topic + " for an earlier version's unprocessed records: "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out checking " + topic + " for an earlier version's unprocessed"
          + " records", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted checking " + topic, e);
    }
  }

  /**
   * Records from the group's committed offset (or the log's start, whichever is later) to the end, counted by reading
   * them as the earlier version did ({@code read_committed}): offsets alone would also count transaction markers.
   */
  private static long unprocessed(Admin admin, Map<String, Object> adminProperties, String topic, String group)
      throws ExecutionException, InterruptedException, TimeoutException {
    List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    Map<TopicPartition, Long> start = offsets(admin, partitions, OffsetSpec.earliest());
    Map<TopicPartition, Long> end = offsets(admin, partitions, OffsetSpec.latest());
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<String, Object> props = new HashMap<>(adminProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long left = 0;
    try (Consumer<byte[], byte[]> reader = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata at = committed.get(partition);
        long from = Math.max(start.get(partition), at == null ? 0 : at.offset());
        if (from < end.get(partition)) {
          left += count(reader, partition, from, end.get(partition));
        }
      }
    }
    return left;
  }

  private static long count(Consumer<byte[], byte[]> reader, TopicPartition partition, long from, long end)
      throws TimeoutException {
    reader.assign(List.of(partition));
    reader.seek(partition, from);
    long records = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (reader.position(partition) < end) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("reading " + partition + " from " + from + " to " + end);
      }
      records += reader.poll(Duration.ofMillis(500)).count();
    }
    return records;
  }

  private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, ListOffsetsResultInfo> found = admin.listOffsets(partitions.stream()
        .collect(Collectors.toMap(p -> p, p -> spec))).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return found.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }
}
