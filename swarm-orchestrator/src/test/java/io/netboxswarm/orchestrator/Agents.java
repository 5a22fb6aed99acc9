package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealedJoinTokens;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.observed.LocalNodeState;
import io.netboxswarm.contracts.observed.SwarmObservation;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.contracts.wire.RecordSignatures;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.sealing.RecordSigner;
import io.netboxswarm.sealing.RecordVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * Plays the host agents through the real broker: reads every agent.commands.* topic (read committed, as the agent
 * does; only what the orchestrator signed) and answers with results and heartbeats that the test chooses, each
 * signed with the key of the host it names, as a real agent does.
 */
final class Agents implements AutoCloseable {

  private final List<HostCommand> received = new CopyOnWriteArrayList<>();
  private final List<String> unsigned = new CopyOnWriteArrayList<>();
  private final KafkaProducer<String, byte[]> producer;
  private final Serializer<SpecificRecord> avro;
  private final Thread reader;
  private final Keys keys;
  private volatile boolean running = true;

  Agents(Map<String, Object> kafka, String registryUrl, Keys keys) {
    this.keys = keys;
    Map<String, Object> p = new HashMap<>(WireFormat.producerProperties(registryUrl));
    p.putAll(kafka);
    avro = WireFormat.valueSerializer(p);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    RecordVerifier orchestrator = keys.orchestratorVerifier();
    Deserializer<SpecificRecord> commands = WireFormat.valueDeserializer(WireFormat.consumerProperties(registryUrl));
    Map<String, Object> c = new HashMap<>(WireFormat.consumerProperties(registryUrl));
    c.putAll(kafka);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "agents-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500); // see new per-host topics quickly
    reader = new Thread(() -> {
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
          new ByteArrayDeserializer())) {
        consumer.subscribe(Pattern.compile("agent\\.commands\\..*"));
        while (running) {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> {
            if (RecordSignatures.verify(orchestrator, "orchestrator", r.topic(), r.headers(), r.value())
                == RecordVerifier.Verdict.VALID) {
              received.add((HostCommand) commands.deserialize(r.topic(), r.headers(), r.value()));
            } else {
              unsigned.add(r.topic() + "@" + r.offset());
            }
          });
        }
      }
    }, "agents-double");
    reader.start();
  }

  /** Command records an agent would refuse: not signed by the orchestrator's key for their topic. */
  List<String> unsigned() {
    return List.copyOf(unsigned);
  }

  List<HostCommand> received() {
    return new ArrayList<>(received);
  }

  List<HostCommand> to(long hostId) {
    return received.stream().filter(c -> c.getHostId() == hostId).toList();
  }

  /** Waits for a command to the host whose action is of that type (and matches), and returns the first one. */
  <A> HostCommand await(long hostId, Class<A> action, Predicate<A> matching) {
    Predicate<HostCommand> wanted = command -> command.getHostId() == hostId
        && action.isInstance(command.getAction()) && matching.test(action.cast(command.getAction()));
    Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(received.stream().anyMatch(wanted))
            .as(() -> "no " + action.getSimpleName() + " for host " + hostId + "; received: " + received.stream()
                .map(c -> c.getHostId() + ":" + c.getAction().getClass().getSimpleName()).toList())
            .isTrue());
    return received.stream().filter(wanted).findFirst().orElseThrow(); // received only grows
  }

  <A> HostCommand await(long hostId, Class<A> action) {
    return await(hostId, action, a -> true);
  }

  <A> long count(long hostId, Class<A> action) {
    return received.stream().filter(c -> c.getHostId() == hostId && action.isInstance(c.getAction())).count();
  }

  /** Waits (20 s at most) until at least that many commands of that type have gone to the host. */
  <A> void awaitCount(long hostId, Class<A> action, int atLeast) {
    Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(count(hostId, action))
        .as("%s commands to host %d; received: %s", action.getSimpleName(), hostId, received.stream()
            .map(c -> c.getHostId() + ":" + c.getAction().getClass().getSimpleName()).toList())
        .isGreaterThanOrEqualTo(atLeast));
  }

  /** Asserts that no command arrives for these hosts during the given time. */
  void assertQuiet(Duration duration, long... hosts) {
    int before = received.size();
    Awaitility.await().during(duration).atMost(duration.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> {
          for (HostCommand c : received.subList(before, received.size())) {
            for (long host : hosts) {
              assertThat(c.getHostId()).as("unexpected %s to host %d", c.getAction().getClass().getSimpleName(),
                  host).isNotEqualTo(host);
            }
          }
        });
  }

  void reply(HostCommand command, CommandStatus status, Object outcome) {
    send(Topics.AGENT_RESULTS, command.getHostId(), CommandResult.newBuilder().setCommandId(command.getCommandId())
        .setHostId(command.getHostId()).setStatus(status).setCompletedAt(Instant.now()).setOutcome(outcome).build());
  }

  void succeed(HostCommand command, Object outcome) {
    reply(command, CommandStatus.SUCCEEDED, outcome);
  }

  void fail(HostCommand command, String code, boolean retryable) {
    send(Topics.AGENT_RESULTS, command.getHostId(), CommandResult.newBuilder().setCommandId(command.getCommandId())
        .setHostId(command.getHostId()).setStatus(CommandStatus.FAILED).setErrorCode(code)
        .setErrorMessage("engine says: " + code).setRetryable(retryable).setCompletedAt(Instant.now()).build());
  }

  /** The outcome a real manager reports after init or join: tokens sealed for the orchestrator. */
  SwarmOutcome managerOutcome(String clusterId, String nodeId, List<String> managerAddrs) {
    return new SwarmOutcome(clusterId, nodeId, NodeRole.MANAGER, tokens(clusterId, ""), managerAddrs);
  }

  SwarmOutcome workerOutcome(String clusterId, String nodeId, List<String> managerAddrs) {
    return new SwarmOutcome(clusterId, nodeId, NodeRole.WORKER, null, managerAddrs);
  }

  SealedJoinTokens tokens(String clusterId, String generation) {
    return new SealedJoinTokens(
        keys.sealForOrchestrator(workerToken(clusterId) + generation, SealingContext.joinToken(clusterId, "worker")),
        keys.sealForOrchestrator(managerToken(clusterId) + generation,
            SealingContext.joinToken(clusterId, "manager")));
  }

  static String workerToken(String clusterId) {
    return "SWMTKN-1-test-" + clusterId + "-worker";
  }

  static String managerToken(String clusterId) {
    return "SWMTKN-1-test-" + clusterId + "-manager";
  }

  void heartbeat(long hostId, String address, LocalNodeState state, String clusterId, String nodeId,
      NodeRole role) {
    SwarmObservation swarm = SwarmObservation.newBuilder().setState(state).setClusterId(clusterId).setNodeId(nodeId)
        .setRole(role).setNodeAddr(address).build();
    send(Topics.AGENT_HEARTBEATS, hostId, Heartbeat.newBuilder().setHostId(hostId).setObservedAt(Instant.now())
        .setEngineReachable(true).setEngineVersion("20.10.24").setApiVersion("1.41").setHostAddress(address)
        .setSwarm(swarm).build());
  }

  void idle(long hostId, String address) {
    heartbeat(hostId, address, LocalNodeState.INACTIVE, null, null, null);
  }

  private void send(String topic, long hostId, SpecificRecord value) {
    sendSignedBy(keys.signerOf(hostId), topic, hostId, value);
  }

  /** A record signed by {@code signer}, whoever it claims to be from (to show the orchestrator checks). */
  void sendSignedBy(RecordSigner signer, String topic, long keyHostId, SpecificRecord value) {
    Headers headers = new RecordHeaders();
    byte[] bytes = avro.serialize(topic, headers, value);
    if (signer != null) {
      RecordSignatures.sign(signer, topic, headers, bytes);
    }
    try {
      producer.send(new ProducerRecord<>(topic, null, String.valueOf(keyHostId), bytes, headers)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    reader.join(5000);
    producer.close();
  }
}
