package io.netboxswarm.orchestrator.stream;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' clients, made as its default supplier makes them, keeping a hand on its producers: the first send
 * to a topic blocks the stream thread until the producer has the topic's metadata (a round trip), so a resync that
 * plans first commands to thousands of hosts would wait for thousands of sequential round trips. {@link #warm}
 * loads the metadata of new command topics ahead, from several threads at once, which the producer answers with
 * one metadata request for many topics.
 */
final class StreamsClients implements KafkaClientSupplier, AutoCloseable {

  private static final int PARALLEL = 32;

  private final Set<Producer<byte[], byte[]>> producers = ConcurrentHashMap.newKeySet();
  private final ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, r -> {
    Thread thread = new Thread(r, "command-topic-metadata");
    thread.setDaemon(true);
    return thread;
  });

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return Admin.create(config); // the interface's default throws
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    Producer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
        new ByteArraySerializer());
    producers.add(producer);
    return producer;
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return getConsumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return getConsumer(config);
  }

  /** Fetches the topics' metadata into every live producer; best effort, returns within about a minute. */
  void warm(List<String> topics) {
    for (Producer<byte[], byte[]> producer : producers) {
      List<Future<?>> fetches = topics.stream().<Future<?>>map(topic -> pool.submit(() -> {
        try {
          producer.partitionsFor(topic);
        } catch (RuntimeException closedOrTimedOut) {
          // a replaced stream thread closed this producer; its successor fetches on first send
        }
      })).toList();
      for (Future<?> fetch : fetches) {
        try {
          fetch.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          fetch.cancel(true);
        }
      }
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    producers.clear();
  }
}
