package io.netboxswarm.e2e;

import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.wire.WireFormat;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * When each command became visible to a {@code read_committed} reader of a host's command topic, as an agent sees
 * it: the moment the orchestrator's transaction committed, to within this reader's fetch wait (5 ms). Splits the
 * benchmark's "command issued → agent starts it" into the orchestrator's commit and the agent's own fetch.
 */
final class CommandVisibility implements AutoCloseable {

  private final KafkaConsumer<String, Object> consumer;
  private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
  private final Thread reader;

  /** Reads {@code topic} from its current end on. */
  CommandVisibility(Map<String, Object> kafka, String registry, String topic) {
    Map<String, Object> props = new HashMap<>(WireFormat.consumerProperties(registry));
    props.putAll(kafka);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end now, not at the first poll
    this.reader = new Thread(this::read, "command-visibility");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      while (true) {
        consumer.poll(Duration.ofMillis(50)).forEach(r -> {
          long now = System.currentTimeMillis();
          if (r.value() instanceof HostCommand command) {
            seenAt.putIfAbsent(command.getCommandId(), now);
          }
        });
      }
    } catch (WakeupException closing) {
      // closed
    } finally {
      consumer.close();
    }
  }

  /** The wall-clock millisecond the command was first read, or -1 when it was not (yet). */
  long seenAt(String commandId) {
    return seenAt.getOrDefault(commandId, -1L);
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    reader.join(Duration.ofSeconds(10).toMillis());
  }
}
