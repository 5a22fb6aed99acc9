package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;

/** An auditor of swarm.dead-letters: committed records only, bytes as they are. */
final class DeadLetterTap implements AutoCloseable {

  private final List<ConsumerRecord<byte[], byte[]>> letters = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean running = true;

  DeadLetterTap(Map<String, Object> kafka) {
    Map<String, Object> c = new HashMap<>(kafka);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "auditor-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
    reader = new Thread(() -> {
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
          new ByteArrayDeserializer())) {
        consumer.subscribe(List.of(Topics.DEAD_LETTERS));
        while (running) {
          consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
        }
      }
    }, "dead-letter-auditor");
    reader.start();
  }

  List<ConsumerRecord<byte[], byte[]>> letters() {
    return new ArrayList<>(letters);
  }

  /** Waits for a dead letter matching; fails after 60 s with what arrived. */
  ConsumerRecord<byte[], byte[]> await(Predicate<ConsumerRecord<byte[], byte[]>> matching) {
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(letters.stream().anyMatch(matching))
            .as(() -> "no such dead letter; so far: " + letters.stream().map(r -> r.headers().toString()).toList())
            .isTrue());
    return letters.stream().filter(matching).findFirst().orElseThrow(); // letters only grow
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    reader.join(5000);
  }
}
