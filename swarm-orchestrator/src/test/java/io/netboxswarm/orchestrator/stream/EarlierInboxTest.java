package io.netboxswarm.orchestrator.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An upgrade from a version that decided from an inbox topic, on a real broker: the orchestrator starts over an
 * inbox processed to its end, and refuses, saying what to do, over one that still holds records it would never see.
 * The inputs' one-partition rule is checked on the same broker.
 */
class EarlierInboxTest {

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void withoutAnEarlierInboxItStarts() {
    assertThatCode(() -> EarlierInbox.checkDrained(broker.clientProperties("admin"), "fresh-orchestrator"))
        .doesNotThrowAnyException();
  }

  @Test
  void anInboxWithRecordsNotYetProcessedStopsTheStartAndSaysWhatToDo() throws Exception {
    String app = "upgraded-with-lag";
    // Three records in one transaction (offsets 0-2, its commit marker 3); the earlier version processed the first.
    inboxWithThreeRecords(app, 1);

    assertThatThrownBy(() -> EarlierInbox.checkDrained(broker.clientProperties("admin"), app))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(app + "-inbox-repartition holds 2 records")
        .hasMessageContaining("kafka-consumer-groups.sh --describe --group " + app);
  }

  @Test
  void anInboxProcessedToItsLastRecordLetsItStartThoughItsCommitMarkerFollows() throws Exception {
    String app = "upgraded-drained";
    // Committed just past the last record, before the transaction's marker: nothing is left to process.
    inboxWithThreeRecords(app, 3);

    assertThatCode(() -> EarlierInbox.checkDrained(broker.clientProperties("admin"), app))
        .doesNotThrowAnyException();
  }

  @Test
  void anInputTopicOfSeveralPartitionsStopsTheStart() throws Exception {
    try (Admin admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(Topics.AGENT_HEARTBEATS, 3, (short) 1))).all().get();
    }
    try (TopicProvisioner topics = new TopicProvisioner(broker.bootstrapServers(), broker.clientProperties("admin"),
        batch -> { })) {
      assertThatThrownBy(topics::ensureShared).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exactly one partition: " + Topics.AGENT_HEARTBEATS + " has 3");
    } finally {
      try (Admin admin = broker.admin()) {
        admin.deleteTopics(List.of(Topics.AGENT_HEARTBEATS)).all().get();
      }
    }
    try (TopicProvisioner topics = new TopicProvisioner(broker.bootstrapServers(), broker.clientProperties("admin"),
        batch -> { }); Admin admin = broker.admin()) {
      topics.ensureShared();
      assertThat(admin.describeTopics(OrchestratorTopology.INPUTS).allTopicNames().get().values())
          .as("the inputs it makes").allSatisfy(topic -> assertThat(topic.partitions()).hasSize(1));
    }
  }

  private static void inboxWithThreeRecords(String app, long committed) throws Exception {
    String inbox = EarlierInbox.topic(app);
    broker.createTopics(inbox);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.clientProperties("admin",
        Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, app + "-earlier")), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(inbox, ("record-" + i).getBytes()));
      }
      producer.commitTransaction();
    }
    try (Admin admin = broker.admin()) {
      admin.alterConsumerGroupOffsets(app, Map.of(new TopicPartition(inbox, 0), new OffsetAndMetadata(committed)))
          .all().get();
    }
  }
}
