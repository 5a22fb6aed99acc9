package io.netboxswarm.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.netboxswarm.security.KafkaAcls;
import io.netboxswarm.testkit.Platform;

/**
 * The secured broker as the platform's principals meet it: mutual TLS, and each principal kept to its topics by
 * the ACLs {@link KafkaAcls} grants (the README's "Kafka security" table).
 */
@ExtendWith(Platform.class)
class KafkaSecurityTest {

  private static final Duration SHORT = Duration.ofSeconds(5);

  @BeforeAll
  static void topics(KafkaBroker kafka) throws Exception {
    kafka.grantHost(2);
    kafka.grantHost(3);
    kafka.createTopics("agent.commands.2", "agent.commands.3", KafkaAcls.AGENT_RESULTS, KafkaAcls.AGENT_HEARTBEATS,
        KafkaAcls.SWARM_AUDIT, KafkaAcls.NETBOX_WRITES, KafkaAcls.NETBOX_EVENTS);
    try (var admin = producer(kafka, "admin")) {
      for (String topic : List.of("agent.commands.2", "agent.commands.3", KafkaAcls.SWARM_AUDIT,
          KafkaAcls.NETBOX_EVENTS)) {
        admin.send(new ProducerRecord<>(topic, "k", "written by admin to " + topic)).get();
      }
    }
  }

  @Test
  void aClientWithoutACertificateCannotConnect(KafkaBroker kafka) {
    Map<String, Object> noCertificate = kafka.clientProperties("admin");
    noCertificate.keySet().removeIf(key -> key.startsWith("ssl.keystore") || key.equals("ssl.key.password"));
    assertThatThrownBy(() -> describeCluster(noCertificate)).as("TLS without a client certificate")
        .hasCauseInstanceOf(SslAuthenticationException.class);

    Map<String, Object> plaintext = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    assertThatThrownBy(() -> describeCluster(plaintext)).as("plaintext").isInstanceOf(Exception.class);
  }

  @Test
  void anAgentReadsItsOwnCommandsAndWritesResultsOnly(KafkaBroker kafka) throws Exception {
    try (var consumer = consumer(kafka, "host-2", KafkaAcls.hostGroup(2))) {
      consumer.subscribe(List.of("agent.commands.2"));
      List<String> values = new ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
        return !values.isEmpty();
      });
      assertThat(values).containsExactly("written by admin to agent.commands.2");
      consumer.commitSync();
    }
    try (var producer = producer(kafka, "host-2")) {
      assertThat(producer.send(new ProducerRecord<>(KafkaAcls.AGENT_RESULTS, "2", "a result")).get()).isNotNull();
      assertThat(producer.send(new ProducerRecord<>(KafkaAcls.AGENT_HEARTBEATS, "2", "alive")).get()).isNotNull();
    }
  }

  @Test
  void anAgentCannotReadAnotherHostsCommands(KafkaBroker kafka) {
    try (var consumer = consumer(kafka, "host-2", KafkaAcls.hostGroup(2))) {
      consumer.subscribe(List.of("agent.commands.3"));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThatThrownBy(
          () -> consumer.poll(Duration.ofMillis(200))).isInstanceOf(TopicAuthorizationException.class));
    }
    try (var consumer = consumer(kafka, "host-2", KafkaAcls.hostGroup(3))) {
      consumer.subscribe(List.of("agent.commands.2"));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThatThrownBy(
          () -> consumer.poll(Duration.ofMillis(200))).isInstanceOf(GroupAuthorizationException.class));
    }
  }

  @Test
  void anAgentCannotWriteCommands(KafkaBroker kafka) {
    try (var producer = producer(kafka, "host-2")) {
      for (String topic : List.of("agent.commands.2", "agent.commands.3", KafkaAcls.SWARM_AUDIT)) {
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "2", "forged")).get()).as(topic)
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
      }
    }
  }

  @Test
  void theIngestCannotWriteWriteBacks(KafkaBroker kafka) throws Exception {
    try (var producer = producer(kafka, "ingest")) {
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(KafkaAcls.NETBOX_WRITES, "k", "forged")).get())
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
      assertThat(producer.send(new ProducerRecord<>(KafkaAcls.NETBOX_EVENTS, "k", "an event")).get()).isNotNull();
    }
  }

  @Test
  void anAuditorReadsTheAuditAndNothingElse(KafkaBroker kafka) {
    String group = KafkaAcls.AUDITOR_GROUP_PREFIX + UUID.randomUUID();
    try (var consumer = consumer(kafka, "auditor", group)) {
      consumer.subscribe(List.of(KafkaAcls.SWARM_AUDIT));
      List<ConsumerRecord<String, String>> seen = new ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return !seen.isEmpty();
      });
      assertThat(seen.get(0).value()).isEqualTo("written by admin to swarm.audit");
    }
    try (var consumer = consumer(kafka, "auditor", group)) {
      consumer.subscribe(List.of(KafkaAcls.NETBOX_EVENTS));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThatThrownBy(
          () -> consumer.poll(Duration.ofMillis(200))).isInstanceOf(TopicAuthorizationException.class));
    }
    try (var consumer = consumer(kafka, "auditor", "not-an-auditor-group")) {
      consumer.subscribe(List.of(KafkaAcls.SWARM_AUDIT));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThatThrownBy(
          () -> consumer.poll(Duration.ofMillis(200))).isInstanceOf(GroupAuthorizationException.class));
    }
    try (var producer = producer(kafka, "auditor")) {
      // Refused before the topic is looked at: an idempotent producer needs WRITE on some topic to get its id
      // (the failed future's cause, or thrown by send itself once the producer knows it is refused).
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(KafkaAcls.SWARM_AUDIT, "k", "forged")).get())
          .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(AuthorizationException.class));
    }
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static void describeCluster(Map<String, Object> settings) throws Exception {
    Map<String, Object> props = new java.util.HashMap<>(settings);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) SHORT.toMillis());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SHORT.toMillis());
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().nodes().get(SHORT.toSeconds() * 2, TimeUnit.SECONDS);
    }
  }

  private static KafkaProducer<String, String> producer(KafkaBroker kafka, String principal) {
    Map<String, Object> props = kafka.clientProperties(principal);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SHORT.toMillis());
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SHORT.toMillis());
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SHORT.toMillis() / 2);
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(KafkaBroker kafka, String principal, String group) {
    Map<String, Object> props = kafka.clientProperties(principal);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }
}
