package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.wire.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;

/** An auditor: reads swarm.audit (committed records only) as any Kafka consumer would. */
final class AuditTap implements AutoCloseable {

  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean running = true;

  AuditTap(Map<String, Object> kafka, String registryUrl) {
    Map<String, Object> c = new HashMap<>(WireFormat.consumerProperties(registryUrl));
    c.putAll(kafka);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "auditor-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    reader = new Thread(() -> {
      try (KafkaConsumer<String, AuditEvent> consumer = new KafkaConsumer<>(c)) {
        consumer.subscribe(List.of(Topics.SWARM_AUDIT));
        while (running) {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(r.value()));
        }
      }
    }, "auditor");
    reader.start();
  }

  List<AuditEvent> events() {
    return new ArrayList<>(events);
  }

  List<AuditEvent> of(AuditKind kind, String rule) {
    return events.stream().filter(e -> e.getKind() == kind && e.getRule().equals(rule)).toList();
  }

  AuditEvent await(AuditKind kind, String rule, Predicate<AuditEvent> matching) {
    Predicate<AuditEvent> wanted = e -> e.getKind() == kind && e.getRule().equals(rule) && matching.test(e);
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(events.stream().anyMatch(wanted))
            .as(() -> "no " + kind + " audit for rule " + rule + "; audit so far: " + events.stream()
                .map(e -> e.getKind() + "/" + e.getRule() + ": " + e.getMessage()).toList())
            .isTrue());
    return events.stream().filter(wanted).findFirst().orElseThrow(); // events only grow
  }

  AuditEvent await(AuditKind kind, String rule) {
    return await(kind, rule, e -> true);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    reader.join(5000);
  }
}
