package io.netboxswarm.ingest.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netboxswarm.contracts.netbox.ObjectType;

/**
 * The ingest's meters. Tags take values from closed sets only (object types of the contract, sources, reason codes),
 * never from request content. Meters are looked up once, not per webhook.
 */
@Component
public class IngestMetrics {

  /** Where a published event came from. */
  public static final String WEBHOOK = "webhook";
  public static final String RESYNC = "resync";

  private final MeterRegistry registry;
  private final Counter received;
  private final Counter ignored;
  private final Map<ObjectType, Timer> latency = new EnumMap<>(ObjectType.class);
  private final Map<String, Map<ObjectType, Counter>> published = Map.of(WEBHOOK, new EnumMap<>(ObjectType.class),
      RESYNC, new EnumMap<>(ObjectType.class));
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.received = Counter.builder("netbox.ingest.webhooks.received")
        .description("Webhook requests received, whatever their outcome").register(registry);
    this.ignored = Counter.builder("netbox.ingest.webhooks.ignored")
        .description("Signed webhooks about object types outside the contract: accepted, not published")
        .register(registry);
    for (ObjectType type : ObjectType.values()) {
      String tag = type.name().toLowerCase(Locale.ROOT);
      latency.put(type, Timer.builder("netbox.ingest.publish.latency")
          .description("Time from send to Kafka's acknowledgement").tag("object_type", tag)
          .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(registry));
      for (Map.Entry<String, Map<ObjectType, Counter>> source : published.entrySet()) {
        source.getValue().put(type, Counter.builder("netbox.ingest.events.published")
            .description("Events acknowledged by Kafka").tag("object_type", tag).tag("source", source.getKey())
            .register(registry));
      }
    }
  }

  public void received() {
    received.increment();
  }

  public void ignored() {
    ignored.increment();
  }

  /** A request answered with an error; {@code reason} is a stable code (BAD_SIGNATURE, MISSING_FIELD ...). */
  public void rejected(String reason) {
    rejected.computeIfAbsent(reason, r -> Counter.builder("netbox.ingest.webhooks.rejected")
        .description("Webhook requests refused, by reason").tag("reason", r).register(registry)).increment();
  }

  /** An event acknowledged by Kafka, and how long the acknowledgement took. */
  public void published(ObjectType type, String source, Duration sendToAck) {
    published.get(source).get(type).increment();
    latency.get(type).record(sendToAck);
  }
}
