package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.DeadLetters;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.Host;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.wire.RecordSignatures;
import io.netboxswarm.testkit.Platform;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A record the orchestrator can never read (corrupt bytes, a schema id the registry does not know) on any of its
 * inputs goes to swarm.dead-letters as it arrived, with where it came from and why, and the records after it are
 * processed. Agents' records are signed by the host they name, so that they get past the signature check.
 */
@ExtendWith(Platform.class)
class UnreadableInputTest extends Scenario {

  private static final long SWARM = 3;
  private static final byte[] CORRUPT = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
  /** The Confluent framing with a schema id no registry holds, then a few bytes. */
  private static final byte[] UNKNOWN_SCHEMA = ByteBuffer.allocate(9).put((byte) 0).putInt(987_654_321)
      .put(new byte[] {2, 4, 6, 8}).array();

  @Test
  void anEventTheReconcilerFailsOnForGoodIsDeadLetteredAndTheNextOneApplied() throws Exception {
    try (DeadLetterTap deadLetters = new DeadLetterTap(broker.clientProperties("admin"))) {
      idleHosts(1);
      // Readable, but no reconciler can apply it: a swarm's event whose object is a host.
      NetboxEvent confused = events.send(EventKind.UPDATED, ObjectType.SWARM, SWARM, null,
          Host.newBuilder().setId(1).setName("host-1").setState("running").build());
      events.send(EventKind.CREATED, ObjectType.SWARM, SWARM, null, Events.swarm(SWARM, List.of(1L), List.of()));

      agents.await(1, InitSwarm.class);
      ConsumerRecord<byte[], byte[]> letter = deadLetters.await(r -> Topics.NETBOX_EVENTS.equals(
          DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC)));
      assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("swarm:" + SWARM);
      assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON)).isNotBlank();
      assertThat(new String(letter.value(), StandardCharsets.ISO_8859_1)).contains(confused.getEventId());
      assertThat(deadLetters.letters()).hasSize(1);
    }
  }

  @Test
  void unreadableRecordsOnEveryInputAreDeadLetteredAndTheRecordsAfterThemProcessed() throws Exception {
    try (DeadLetterTap deadLetters = new DeadLetterTap(broker.clientProperties("admin"));
        KafkaProducer<String, byte[]> raw = new KafkaProducer<>(broker.clientProperties("admin"),
            new StringSerializer(), new ByteArraySerializer())) {
      for (String topic : List.of(Topics.NETBOX_EVENTS, Topics.AGENT_RESULTS, Topics.AGENT_HEARTBEATS)) {
        for (byte[] value : List.of(CORRUPT, UNKNOWN_SCHEMA)) {
          ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "1", value);
          if (!topic.equals(Topics.NETBOX_EVENTS)) {
            RecordSignatures.sign(keys.signerOf(1), topic, record.headers(), value);
          }
          raw.send(record).get();
        }
      }

      // Then the usual traffic, on all three inputs: a heartbeat, NetBox's swarm, the init's result.
      idleHosts(1, 2);
      events.send(EventKind.CREATED, ObjectType.SWARM, SWARM, null, Events.swarm(SWARM, List.of(1L), List.of(2L)));
      HostCommand init = agents.await(1, InitSwarm.class);
      agents.succeed(init, agents.managerOutcome("cluster-3", nodeId(1), List.of(address(1) + ":2377")));
      HostCommand join = agents.await(2, JoinSwarm.class);
      agents.succeed(join, agents.workerOutcome("cluster-3", nodeId(2), List.of(address(1) + ":2377")));
      awaitMembers(SWARM, 2);

      for (String topic : List.of(Topics.NETBOX_EVENTS, Topics.AGENT_RESULTS, Topics.AGENT_HEARTBEATS)) {
        for (byte[] value : List.of(CORRUPT, UNKNOWN_SCHEMA)) {
          ConsumerRecord<byte[], byte[]> letter = deadLetters.await(r -> Arrays.equals(r.value(), value)
              && topic.equals(DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC)));
          assertThat(DeadLetters.header(letter.headers(), DeadLetters.COMPONENT)).isEqualTo("orchestrator");
          assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("1");
          assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET)).matches("[0-9]+");
          assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON)).as("why, for %s", topic)
              .isNotBlank();
        }
      }
      assertThat(deadLetters.letters()).as("only the unreadable ones").hasSize(6);
    }
  }
}
