package io.netboxswarm.e2e;

import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.wire.WireFormat;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * When each command became visible to a {@code read_committed} reader of a host's command topic, as an agent sees
 * it: the moment the orchestrator's transaction committed, to within this reader's fetch wait (5 ms). Splits the
 * benchmark's "command issued → agent starts it" into the orchestrator's commit and the agent's own fetch. One
 * reader for the whole run, so that its own first connection is not in the figures; it keeps the raw bytes and
 * times their arrival, and decodes them (a registry lookup) only when asked. In the first round its consumer is
 * new too: that round's split is the least exact.
 */
final class CommandVisibility implements AutoCloseable {

  private record Arrival(long at, String topic, Headers headers, byte[] value) {
  }

  private final Map<String, Object> props;
  private final String topic;
  private final Deserializer<Object> commands;
  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private KafkaConsumer<byte[], byte[]> consumer;
  private Thread reader;

  /** Reads {@code topic} once {@link #follow} is first called. */
  CommandVisibility(Map<String, Object> kafka, String registry, String topic) {
    this.props = new HashMap<>(WireFormat.consumerProperties(registry));
    props.putAll(kafka);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.topic = topic;
    this.commands = WireFormat.valueDeserializer(props);
  }

  /**
   * Starts reading the topic from its current end, if not already reading: the topic must exist (the orchestrator
   * makes a host's once NetBox names it).
   */
  void follow() {
    if (reader != null) {
      return;
    }
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    if (partitions.isEmpty()) {
      throw new IllegalStateException(topic + " does not exist yet");
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end now, not at the first poll
    reader = new Thread(this::read, "command-visibility");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      while (true) {
        consumer.poll(Duration.ofMillis(50)).forEach(r -> arrivals.add(
            new Arrival(System.currentTimeMillis(), r.topic(), r.headers(), r.value())));
      }
    } catch (WakeupException closing) {
      // closed
    } finally {
      consumer.close();
    }
  }

  /** The wall-clock millisecond the command was first read, or -1 when it was not (yet). */
  long seenAt(String commandId) {
    for (Arrival arrival : arrivals) {
      if (arrival.value() != null && commands.deserialize(arrival.topic(), arrival.headers(), arrival.value())
          instanceof HostCommand command && command.getCommandId().equals(commandId)) {
        return arrival.at();
      }
    }
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (reader != null) {
      consumer.wakeup();
      reader.join(Duration.ofSeconds(10).toMillis());
    }
    commands.close();
  }
}
