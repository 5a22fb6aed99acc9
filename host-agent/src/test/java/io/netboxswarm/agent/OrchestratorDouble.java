package io.netboxswarm.agent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.netboxswarm.contracts.SealedValue;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.Opener;
import io.netboxswarm.sealing.Sealer;

/** Plays the orchestrator's side of the topics: sends commands, collects results and heartbeats. */
final class OrchestratorDouble implements AutoCloseable {

  private final KafkaProducer<String, Object> producer;
  private final KafkaConsumer<String, Object> consumer;
  private final Map<String, CommandResult> results = new ConcurrentHashMap<>();
  private final Map<String, Integer> resultCounts = new ConcurrentHashMap<>();
  private final Map<Long, Heartbeat> heartbeats = new ConcurrentHashMap<>();
  private final Map<String, List<CommandResult>> allResults = new ConcurrentHashMap<>();
  private final Map<Long, List<Heartbeat>> allHeartbeats = new ConcurrentHashMap<>();
  private final Opener orchestratorKey;
  private final Path keysDir;

  OrchestratorDouble(Map<String, Object> kafka, String registryUrl, Path keysDir) {
    this.keysDir = keysDir;
    Map<String, Object> p = new HashMap<>(WireFormat.producerProperties(registryUrl));
    p.putAll(kafka);
    producer = new KafkaProducer<>(p);
    Map<String, Object> c = new HashMap<>(WireFormat.consumerProperties(registryUrl));
    c.putAll(kafka);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "orchestrator-double-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(c);
    consumer.subscribe(List.of(Topics.AGENT_RESULTS, Topics.AGENT_HEARTBEATS));
    Keysets keysets = new Keysets(k -> null);
    orchestratorKey = Opener.of("orchestrator", keysets.privateKeyset(keysDir.resolve("orchestrator.private.json"),
        null));
  }

  void send(HostCommand command) throws Exception {
    producer.send(new ProducerRecord<>(Topics.commandsFor(command.getHostId()),
        String.valueOf(command.getHostId()), command)).get();
  }

  /** Sends a command to an explicit topic (to show an agent refuses what is not for it). */
  void sendTo(long topicHostId, HostCommand command) throws Exception {
    producer.send(new ProducerRecord<>(Topics.commandsFor(topicHostId), String.valueOf(topicHostId), command)).get();
  }

  CommandResult awaitResult(String commandId, Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      poll();
      CommandResult result = results.get(commandId);
      if (result != null) {
        return result;
      }
    }
    throw new AssertionError("no result for command " + commandId + " within " + timeout);
  }

  int resultCount(String commandId) {
    poll();
    return resultCounts.getOrDefault(commandId, 0);
  }

  /** Every result received so far for the command, in order (a redelivered command may be answered twice). */
  List<CommandResult> resultsOf(String commandId) {
    poll();
    return List.copyOf(allResults.getOrDefault(commandId, List.of()));
  }

  /** Every heartbeat received so far from the host, in order. */
  List<Heartbeat> heartbeatsOf(long hostId) {
    poll();
    return List.copyOf(allHeartbeats.getOrDefault(hostId, List.of()));
  }

  Heartbeat awaitHeartbeat(long hostId, java.util.function.Predicate<Heartbeat> condition, Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      poll();
      Heartbeat heartbeat = heartbeats.get(hostId);
      if (heartbeat != null && condition.test(heartbeat)) {
        return heartbeat;
      }
    }
    throw new AssertionError("no matching heartbeat of host " + hostId + " within " + timeout + "; last: "
        + heartbeats.get(hostId));
  }

  String open(SealedValue sealed, String context) {
    byte[] bytes = new byte[sealed.getCiphertext().remaining()];
    sealed.getCiphertext().duplicate().get(bytes);
    return new String(orchestratorKey.open(new io.netboxswarm.sealing.SealedValue(sealed.getRecipient(), bytes),
        context), StandardCharsets.UTF_8);
  }

  SealedValue sealFor(long hostId, String plaintext, String context) {
    Sealer sealer = Sealer.forRecipient("host-" + hostId, new Keysets(k -> null)
        .publicKeyset(keysDir.resolve("host-" + hostId + ".public.json"), null));
    var sealed = sealer.seal(plaintext.getBytes(StandardCharsets.UTF_8), context);
    return new SealedValue(sealed.recipient(), ByteBuffer.wrap(sealed.ciphertext()));
  }

  static HostCommand command(long hostId, Long swarmId, Object action) {
    return HostCommand.newBuilder().setCommandId("cmd-" + UUID.randomUUID()).setHostId(hostId).setSwarmId(swarmId)
        .setCausationId("test").setIssuedAt(Instant.now()).setDeadline(Instant.now().plusSeconds(120))
        .setAction(action).build();
  }

  private void poll() {
    for (var record : consumer.poll(Duration.ofMillis(100))) {
      if (record.value() instanceof CommandResult r) {
        results.put(r.getCommandId(), r);
        resultCounts.merge(r.getCommandId(), 1, Integer::sum);
        allResults.computeIfAbsent(r.getCommandId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(r);
      } else if (record.value() instanceof Heartbeat h) {
        heartbeats.put(h.getHostId(), h);
        allHeartbeats.computeIfAbsent(h.getHostId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(h);
      }
    }
  }

  @Override
  public void close() {
    producer.close();
    consumer.close();
  }
}
