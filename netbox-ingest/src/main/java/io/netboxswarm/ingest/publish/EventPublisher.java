package io.netboxswarm.ingest.publish;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.rejected.RejectedWebhook;
import io.netboxswarm.ingest.IngestProperties;
import io.netboxswarm.ingest.metrics.IngestMetrics;

/**
 * Publishes a record and returns only once the broker acknowledged it (acks=all), or fails within the publish
 * timeout. The caller answers 2xx only after this returns.
 */
@Component
public class EventPublisher {

  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final IngestProperties.Publish settings;
  private final IngestMetrics metrics;

  public EventPublisher(KafkaTemplate<String, SpecificRecord> kafka, IngestProperties properties,
      IngestMetrics metrics) {
    this.kafka = kafka;
    this.settings = properties.publish();
    this.metrics = metrics;
  }

  /** Publishes {@code event} under its NetBox object key; {@code source} is "webhook" or "resync" (a metric tag). */
  public RecordMetadata publish(String key, NetboxEvent event, String source) {
    long start = System.nanoTime();
    RecordMetadata metadata = send(settings.eventsTopic(), key, event);
    metrics.published(event.getObjectType(), source, Duration.ofNanos(System.nanoTime() - start));
    return metadata;
  }

  public RecordMetadata publishRejected(String key, RejectedWebhook rejected) {
    return send(settings.rejectedTopic(), key, rejected);
  }

  private RecordMetadata send(String topic, String key, SpecificRecord value) {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    CompletableFuture<SendResult<String, SpecificRecord>> future;
    try {
      // may block up to max.block.ms (= the publish timeout) while the broker's metadata is unknown
      future = kafka.send(topic, key, value);
    } catch (RuntimeException e) {
      // Spring's or Kafka's KafkaException (a metadata timeout), or the registry out of reach for a new schema
      throw new PublishFailedException("Kafka did not take the record for " + topic + ": " + describe(e), e);
    }
    try {
      long remaining = Math.max(0, deadline - System.nanoTime());
      return future.get(remaining, TimeUnit.NANOSECONDS).getRecordMetadata();
    } catch (TimeoutException e) {
      throw new PublishFailedException("Kafka did not acknowledge the record for " + topic + " within "
          + settings.timeout(), e);
    } catch (ExecutionException e) {
      throw new PublishFailedException("Kafka did not acknowledge the record for " + topic + ": "
          + describe(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishFailedException("interrupted while waiting for Kafka", e);
    }
  }

  // Kafka's own messages name topics, brokers and timeouts, never record contents.
  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root instanceof KafkaException ? ": " + root.getMessage() : "");
  }
}
