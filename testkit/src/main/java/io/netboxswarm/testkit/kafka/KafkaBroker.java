package io.netboxswarm.testkit.kafka;

import java.util.Arrays;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A real single-node KRaft broker in this JVM (Kafka's own test kit), listening on 127.0.0.1 at a free port. */
public final class KafkaBroker implements AutoCloseable {

  private final EmbeddedKafkaBroker broker;

  private KafkaBroker(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  public static KafkaBroker start() {
    EmbeddedKafkaBroker broker = new EmbeddedKafkaKraftBroker(1, 1)
        .brokerProperties(Map.of(
            "auto.create.topics.enable", "true",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "offsets.topic.replication.factor", "1",
            "group.initial.rebalance.delay.ms", "0"));
    broker.afterPropertiesSet();
    return new KafkaBroker(broker);
  }

  public String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  /** Creates topics (1 partition each) that do not exist yet. */
  public void createTopics(String... names) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      var existing = admin.listTopics().names().get();
      var missing = Arrays.stream(names).filter(n -> !existing.contains(n))
          .map(n -> new NewTopic(n, 1, (short) 1)).toList();
      admin.createTopics(missing).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topics " + Arrays.toString(names) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    broker.destroy();
  }
}
