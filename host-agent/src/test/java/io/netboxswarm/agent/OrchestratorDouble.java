package io.netboxswarm.agent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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


import io.netboxswarm.contracts.SealedValue;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.wire.RecordSignatures;
import io.netboxswarm.contracts.wire.SigningSerializer;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.Opener;
import io.netboxswarm.sealing.RecordSigner;
import io.netboxswarm.sealing.RecordVerifier;
import io.netboxswarm.sealing.Sealer;

/**
 * Plays the orchestrator's side of the topics: sends commands signed with the orchestrator's key (and, to show the
 * agent refuses them, records signed otherwise), collects results and heartbeats, and believes only those signed by
 * the host they name, as the orchestrator does.
 */
final class OrchestratorDouble implements AutoCloseable {

  private final KafkaProducer<String, Object> producer;
  private final KafkaProducer<String, byte[]> rawProducer;
  private final Serializer<Object> avro;
  private final Deserializer<Object> reader;
  private final RecordSigner signer;
  private final RecordVerifier hosts;
  private final List<String> unverified = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, CommandResult> results = new ConcurrentHashMap<>();
  private final Map<String, Integer> resultCounts = new ConcurrentHashMap<>();
  private final Map<Long, Heartbeat> heartbeats = new ConcurrentHashMap<>();
  private final Map<String, List<CommandResult>> allResults = new ConcurrentHashMap<>();
  private final Map<Long, List<Heartbeat>> allHeartbeats = new ConcurrentHashMap<>();
  private final Opener orchestratorKey;
  private final Path keysDir;

  OrchestratorDouble(Map<String, Object> kafka, String registryUrl, Path keysDir) {
    this.keysDir = keysDir;
    Keysets keysets = new Keysets(k -> null);
    signer = RecordSigner.of("orchestrator",
        keysets.signingPrivateKeyset(keysDir.resolve("orchestrator.signing.private.json"), null));
    hosts = new RecordVerifier(principal -> {
      Path file = keysDir.resolve(principal + ".signing.public.json");
      return Files.isRegularFile(file) ? Optional.of(keysets.signingPublicKeyset(file, null)) : Optional.empty();
    });
    Map<String, Object> p = new HashMap<>(WireFormat.producerProperties(registryUrl));
    p.putAll(kafka);
    avro = WireFormat.valueSerializer(p);
    producer = new KafkaProducer<>(p, new StringSerializer(), new SigningSerializer<>(WireFormat.valueSerializer(p), () -> signer));
    rawProducer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    Map<String, Object> c = new HashMap<>(WireFormat.consumerProperties(registryUrl));
    c.putAll(kafka);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "orchestrator-double-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    reader = WireFormat.valueDeserializer(c);
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.AGENT_RESULTS, Topics.AGENT_HEARTBEATS));
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

  /** The command as the orchestrator would put it on its host's topic: its value bytes and signature headers. */
  SignedCommand signed(HostCommand command) {
    String topic = Topics.commandsFor(command.getHostId());
    Headers headers = new RecordHeaders();
    byte[] bytes = avro.serialize(topic, headers, command);
    RecordSignatures.sign(signer, topic, headers, bytes);
    return new SignedCommand(topic, bytes, headers);
  }

  /** A record as is: any bytes, any headers (a forgery, a replay with a field changed). */
  void sendRaw(String topic, byte[] value, Headers headers) throws Exception {
    rawProducer.send(new ProducerRecord<>(topic, null, null, topic.substring(topic.lastIndexOf('.') + 1), value,
        headers)).get();
  }

  /** Any bytes, signed with the orchestrator's real key for the topic: what only a broken orchestrator sends. */
  void sendSigned(String topic, byte[] value) throws Exception {
    Headers headers = new RecordHeaders();
    RecordSignatures.sign(signer, topic, headers, value);
    sendRaw(topic, value, headers);
  }

  /** The command serialized as the orchestrator would, signed by {@code forger} instead. */
  void sendSignedBy(RecordSigner forger, HostCommand command) throws Exception {
    SignedCommand real = signed(command);
    Headers headers = new RecordHeaders();
    RecordSignatures.sign(forger, real.topic(), headers, real.value());
    sendRaw(real.topic(), real.value(), headers);
  }

  byte[] serialize(String topic, HostCommand command) {
    return avro.serialize(topic, new RecordHeaders(), command);
  }

  /** Results and heartbeats that were not signed by the host they name: none, when every agent is honest. */
  List<String> unverified() {
    poll();
    return List.copyOf(unverified);
  }

  record SignedCommand(String topic, byte[] value, Headers headers) {
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
    for (var raw : consumer.poll(Duration.ofMillis(100))) {
      Object value = reader.deserialize(raw.topic(), raw.headers(), raw.value());
      long claimed = value instanceof CommandResult r ? r.getHostId() : value instanceof Heartbeat h ? h.getHostId() : -1;
      var verdict = RecordSignatures.verify(hosts, "host-" + claimed, raw.topic(), raw.headers(), raw.value());
      if (verdict != RecordVerifier.Verdict.VALID) {
        unverified.add(raw.topic() + "@" + raw.offset() + " claiming host " + claimed + ": " + verdict);
        continue;
      }
      var record = new ProducerRecord<>(raw.topic(), raw.key(), value);
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
    rawProducer.close();
    consumer.close();
  }
}
