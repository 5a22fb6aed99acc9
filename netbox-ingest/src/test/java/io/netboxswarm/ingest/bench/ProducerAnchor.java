package io.netboxswarm.ingest.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What Kafka alone does on the same broker, in the same JVM, with the same durability (acks=all, idempotent): a
 * plain producer of byte arrays as large as the ingest's records, no HTTP, no mapping, no Avro. Two shapes: records
 * sent without waiting (the broker's and the client's ceiling), and {@code concurrency} threads that each wait for
 * the acknowledgement of their record before the next (the ingest's shape: a webhook is answered once acknowledged).
 */
final class ProducerAnchor {

  static final String TOPIC = "bench.anchor";

  private final Map<String, Object> settings;
  private final int recordBytes;

  ProducerAnchor(Map<String, Object> clientProperties, int recordBytes, int lingerMs) {
    this.settings = new HashMap<>(clientProperties);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    this.recordBytes = Math.max(1, recordBytes);
  }

  record Figures(double perSecond, double meanAckMillis) {
  }

  /** Sends without waiting for {@code seconds}, then counts what was acknowledged. */
  Figures pipelined(int seconds) throws InterruptedException {
    try (KafkaProducer<String, byte[]> producer = producer()) {
      warm(producer);
      AtomicLong acked = new AtomicLong();
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      byte[] value = value();
      long sent = 0;
      while (System.nanoTime() < end) {
        producer.send(new ProducerRecord<>(TOPIC, "k" + (sent % 1024), value), (metadata, e) -> {
          if (e == null) {
            acked.incrementAndGet();
          }
        });
        sent++;
      }
      producer.flush();
      double elapsed = (System.nanoTime() - start) / 1e9;
      return new Figures(acked.get() / elapsed, Double.NaN);
    }
  }

  /** {@code concurrency} threads, each waiting for its record's acknowledgement, for {@code seconds}. */
  Figures waiting(int concurrency, int seconds) throws InterruptedException {
    try (KafkaProducer<String, byte[]> producer = producer()) {
      warm(producer);
      AtomicLong acked = new AtomicLong();
      AtomicLong ackNanos = new AtomicLong();
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      byte[] value = value();
      CountDownLatch done = new CountDownLatch(concurrency);
      for (int t = 0; t < concurrency; t++) {
        String key = "k" + t;
        Thread thread = new Thread(() -> {
          try {
            while (System.nanoTime() < end) {
              long sent = System.nanoTime();
              producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
              ackNanos.addAndGet(System.nanoTime() - sent);
              acked.incrementAndGet();
            }
          } catch (Exception e) {
            // counted as not acknowledged
          } finally {
            done.countDown();
          }
        }, "anchor-sender-" + t);
        thread.start();
      }
      done.await();
      double elapsed = (System.nanoTime() - start) / 1e9;
      return new Figures(acked.get() / elapsed, ackNanos.get() / 1e6 / Math.max(1, acked.get()));
    }
  }

  private KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
  }

  private void warm(KafkaProducer<String, byte[]> producer) {
    try {
      producer.send(new ProducerRecord<>(TOPIC, "warm", value())).get();
    } catch (Exception e) {
      throw new IllegalStateException("the anchor's producer cannot reach the broker", e);
    }
  }

  private byte[] value() {
    byte[] value = new byte[recordBytes];
    ThreadLocalRandom.current().nextBytes(value);
    return value;
  }
}
