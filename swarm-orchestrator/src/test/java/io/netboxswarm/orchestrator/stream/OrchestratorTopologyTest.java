package io.netboxswarm.orchestrator.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.DeadLetters;
import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealedJoinTokens;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.admission.AdmissionPolicy;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Swarm;
import io.netboxswarm.contracts.observed.LocalNodeState;
import io.netboxswarm.contracts.observed.SwarmObservation;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.contracts.wire.RecordSignatures;
import io.netboxswarm.orchestrator.commands.CommandSettings;
import io.netboxswarm.orchestrator.commands.CommandTopics;
import io.netboxswarm.orchestrator.keys.HostKeysets;
import io.netboxswarm.orchestrator.keys.OrchestratorSignatures;
import io.netboxswarm.orchestrator.keys.Resealer;
import io.netboxswarm.orchestrator.reconcile.Reconciler;
import io.netboxswarm.orchestrator.reconcile.Strangers;
import io.netboxswarm.orchestrator.state.Sealed;
import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.Opener;
import io.netboxswarm.sealing.RecordSigner;
import io.netboxswarm.sealing.RecordVerifier;
import io.netboxswarm.sealing.Sealer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestrator's topology as the binder builds it (the {@code orchestrate} function applied to the three input
 * topics), under Kafka Streams' {@link TopologyTestDriver}: no broker, no registry, real keys and signatures.
 */
@Tag("fast")
class OrchestratorTopologyTest {

  private static final long SWARM = 5;
  private static final String CLUSTER = "cluster-5";

  @TempDir
  Path keys;
  private final Keysets keysets = new Keysets(name -> null);
  private final Serde<SpecificRecord> avro = new InJvmAvroSerde().serde();
  private Topology built;
  private TopologyTestDriver driver;
  private RecordVerifier orchestratorKey;

  @BeforeEach
  void start() throws Exception {
    for (String principal : List.of(SealingContext.ORCHESTRATOR, SealingContext.hostRecipient(1),
        SealingContext.hostRecipient(2))) {
      KeyGenerator.generate(principal, keys, true);
    }
    HostKeysets hosts = new HostKeysets(keys);
    OrchestratorSignatures signatures = new OrchestratorSignatures(
        keysets.signingPrivateKeyset(keys.resolve("orchestrator.signing.private.json"), null), hosts);
    orchestratorKey = signatures.own();
    Resealer resealer = new Resealer(Opener.of(SealingContext.ORCHESTRATOR,
        keysets.privateKeyset(keys.resolve("orchestrator.private.json"), null)), hosts);
    CommandTopics topics = new CommandTopics() {
      @Override
      public void prepare(Collection<Long> hostIds) {
      }

      @Override
      public void ensure(long hostId) {
      }
    };
    Strangers strangers = new Strangers();
    OrchestratorTopology topology = new OrchestratorTopology(avro,
        world -> new Reconciler(world, resealer, CommandSettings.defaults(), topics, AdmissionPolicy.defaults(),
            strangers), Clock.systemUTC(), signatures, new Retries(Duration.ofMillis(500)));

    StreamsBuilder builder = new StreamsBuilder();
    topology.accept(builder.stream(OrchestratorTopology.INPUTS, Consumed.with(
        org.apache.kafka.common.serialization.Serdes.ByteArray(),
        org.apache.kafka.common.serialization.Serdes.ByteArray())));
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "orchestrator-topology-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.STATE_DIR_CONFIG, keys.resolve("state").toString());
    built = builder.build();
    driver = new TopologyTestDriver(built, config);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void eachInputReachesTheReconcilerAndItsCommandsGoSignedToTheirHostsTopics() {
    heartbeat(1);
    heartbeat(2);
    event(Swarm.newBuilder().setId(SWARM).setName("swarm-5").setManagerNodes(List.of(1L))
        .setWorkerNodes(List.of(2L)).setState("creating").build());

    // The heartbeat's address and the event's swarm are both in the init, on host 1's topic alone.
    HostCommand init = command(1);
    assertThat(init.getAction()).isInstanceOfSatisfying(InitSwarm.class,
        action -> assertThat(action.getAdvertiseAddr()).isEqualTo(address(1)));
    assertThat(init.getSwarmId()).isEqualTo(SWARM);
    assertThat(output(Topics.commandsFor(2)).isEmpty()).as("nobody joins a cluster not yet made").isTrue();

    result(init, new SwarmOutcome(CLUSTER, "node-1", NodeRole.MANAGER, new SealedJoinTokens(
        sealForOrchestrator("SWMTKN-1-worker", SealingContext.joinToken(CLUSTER, "worker")),
        sealForOrchestrator("SWMTKN-1-manager", SealingContext.joinToken(CLUSTER, "manager"))),
        List.of(address(1) + ":2377")));

    // The result's cluster and token make host 2's join, its token sealed for host 2.
    HostCommand join = command(2);
    assertThat(join.getAction()).isInstanceOfSatisfying(JoinSwarm.class, action -> {
      assertThat(action.getClusterId()).isEqualTo(CLUSTER);
      assertThat(action.getRole()).isEqualTo(NodeRole.WORKER);
      assertThat(action.getJoinToken().getRecipient()).isEqualTo(SealingContext.hostRecipient(2));
    });
    assertThat(output(Topics.commandsFor(1)).isEmpty()).isTrue();
    assertThat(output(Topics.SWARM_AUDIT).readValuesToList()).as("each command is audited, signed")
        .isNotEmpty();
    assertThat(output(Topics.DEAD_LETTERS).isEmpty()).isTrue();
  }

  @Test
  void theThreeInputsAreReadByOneProcessorWithNoTopicBetween() {
    // One transaction per decision: its input offset, its state and its commands; no inbox to copy into first.
    var subtopologies = built.describe().subtopologies();
    assertThat(subtopologies).hasSize(1);
    var nodes = subtopologies.iterator().next().nodes();
    assertThat(nodes).filteredOn(n -> n instanceof TopologyDescription.Source)
        .singleElement().satisfies(n -> assertThat(((TopologyDescription.Source) n).topicSet())
            .containsExactlyInAnyOrderElementsOf(OrchestratorTopology.INPUTS));
    assertThat(nodes).filteredOn(n -> n instanceof TopologyDescription.Sink).singleElement()
        .satisfies(n -> assertThat(((TopologyDescription.Sink) n).topicNameExtractor()).isNotNull());
  }

  @Test
  void anUnreadableRecordGoesToTheDeadLettersWithItsHeadersAndTheNextIsProcessed() {
    heartbeat(1);
    Headers headers = new RecordHeaders().add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
    byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
    input(Topics.NETBOX_EVENTS).pipeInput(new TestRecord<>("swarm:5".getBytes(StandardCharsets.UTF_8), garbage,
        headers, Instant.now()));
    event(Swarm.newBuilder().setId(SWARM).setName("swarm-5").setManagerNodes(List.of(1L))
        .setWorkerNodes(List.of()).setState("creating").build());

    TestOutputTopic<byte[], byte[]> deadLetters = output(Topics.DEAD_LETTERS);
    TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
    assertThat(letter.value()).isEqualTo(garbage);
    assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("swarm:5");
    assertThat(letter.headers().lastHeader("traceparent").value())
        .isEqualTo("00-abc-def-01".getBytes(StandardCharsets.UTF_8));
    assertThat(DeadLetters.header(letter.headers(), DeadLetters.COMPONENT)).isEqualTo("orchestrator");
    assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.NETBOX_EVENTS);
    assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON)).contains("no magic byte");
    assertThat(deadLetters.isEmpty()).isTrue();

    assertThat(command(1).getAction()).as("the next record went on").isInstanceOf(InitSwarm.class);
  }

  private void heartbeat(long host) {
    SwarmObservation swarm = SwarmObservation.newBuilder().setState(LocalNodeState.INACTIVE)
        .setNodeAddr(address(host)).build();
    signedByHost(Topics.AGENT_HEARTBEATS, host, Heartbeat.newBuilder().setHostId(host).setObservedAt(Instant.now())
        .setEngineReachable(true).setEngineVersion("20.10.24").setApiVersion("1.41").setHostAddress(address(host))
        .setSwarm(swarm).build());
  }

  private void result(HostCommand command, SwarmOutcome outcome) {
    signedByHost(Topics.AGENT_RESULTS, command.getHostId(), CommandResult.newBuilder()
        .setCommandId(command.getCommandId()).setHostId(command.getHostId()).setStatus(CommandStatus.SUCCEEDED)
        .setCompletedAt(Instant.now()).setOutcome(outcome).build());
  }

  private void event(Swarm after) {
    NetboxEvent event = NetboxEvent.newBuilder().setEventId("evt-" + after.getId()).setKind(EventKind.CREATED)
        .setObjectType(ObjectType.SWARM).setObjectId(after.getId()).setOccurredAt(Instant.now()).setUser("admin")
        .setAfter(after).build();
    input(Topics.NETBOX_EVENTS).pipeInput(new TestRecord<>(("swarm:" + after.getId()).getBytes(
        StandardCharsets.UTF_8), avro.serializer().serialize(Topics.NETBOX_EVENTS, event)));
  }

  /** As an agent sends: its bytes signed with its host's key. */
  private void signedByHost(String topic, long host, SpecificRecord value) {
    Headers headers = new RecordHeaders();
    byte[] bytes = avro.serializer().serialize(topic, value);
    RecordSignatures.sign(RecordSigner.of(SealingContext.hostRecipient(host), keysets.signingPrivateKeyset(
        keys.resolve(SealingContext.hostRecipient(host) + ".signing.private.json"), null)), topic, headers, bytes);
    input(topic).pipeInput(new TestRecord<>(String.valueOf(host).getBytes(StandardCharsets.UTF_8), bytes, headers,
        Instant.now()));
  }

  /** The one command on the host's topic, after checking the orchestrator signed its exact bytes for that topic. */
  private HostCommand command(long host) {
    String topic = Topics.commandsFor(host);
    TestRecord<byte[], byte[]> record = output(topic).readRecord();
    assertThat(RecordSignatures.verifyAsNamed(orchestratorKey, topic, record.headers(), record.value()))
        .isEqualTo(RecordVerifier.Verdict.VALID);
    assertThat(RecordSignatures.signer(record.headers())).isEqualTo(SealingContext.ORCHESTRATOR);
    return (HostCommand) avro.deserializer().deserialize(topic, record.value());
  }

  private io.netboxswarm.contracts.SealedValue sealForOrchestrator(String plaintext, String context) {
    Sealer sealer = Sealer.forRecipient(SealingContext.ORCHESTRATOR,
        keysets.publicKeyset(keys.resolve("orchestrator.public.json"), null));
    return Sealed.toAvro(sealer.seal(plaintext.getBytes(StandardCharsets.UTF_8), context));
  }

  private TestInputTopic<byte[], byte[]> input(String topic) {
    return driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private TestOutputTopic<byte[], byte[]> output(String topic) {
    return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static String address(long host) {
    return "192.0.2." + host;
  }
}
