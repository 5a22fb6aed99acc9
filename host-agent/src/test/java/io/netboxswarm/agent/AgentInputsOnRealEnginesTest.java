package io.netboxswarm.agent;

import static io.netboxswarm.agent.OrchestratorDouble.command;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.netboxswarm.contracts.DeadLetters;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.Inspect;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.docker.DockerEngines;
import io.netboxswarm.testkit.docker.Engines;

/**
 * What reaches the agent's command topic that it cannot read: a record the orchestrator signed that can never be
 * read goes to the dead letters with the reason and the next command still runs; a record that cannot be read now,
 * the registry away, waits for the registry and runs. The real broker, registry and engine. Host ids 51-52.
 */
@ExtendWith({Platform.class, DockerEngines.class})
class AgentInputsOnRealEnginesTest {

  /** Its agents' keys (private ones included) and state, deleted once its tests are done. */
  @TempDir
  static Path scratch;

  private static final Duration WAIT = Duration.ofSeconds(90);

  static Engines engines;
  static OrchestratorDouble orchestrator;
  static KafkaConsumer<byte[], byte[]> deadLetters;
  static final List<ConsumerRecord<byte[], byte[]>> deadLettered = new ArrayList<>();
  static final List<AutoCloseable> closing = new ArrayList<>();
  static Path keys;

  @BeforeAll
  static void start(Engines fixture) throws Exception {
    engines = fixture;
    keys = Files.createTempDirectory(scratch, "agent-keys");
    KeyGenerator.generate("orchestrator", keys);
    KeyGenerator.generate("host-51", keys);
    KeyGenerator.generate("host-52", keys);
    Platform.broker().createTopics(Topics.DEAD_LETTERS);
    orchestrator = new OrchestratorDouble(Platform.broker().clientProperties("admin"), Platform.registry().url(),
        keys);
    Map<String, Object> props = new HashMap<>(Platform.broker().clientProperties("admin"));
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    deadLetters = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    deadLetters.subscribe(List.of(Topics.DEAD_LETTERS));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    if (orchestrator != null) {
      orchestrator.close();
    }
    if (deadLetters != null) {
      deadLetters.close();
    }
  }

  @Test
  void aSignedRecordThatCanNeverBeReadIsDeadLetteredWithItsReasonAndTheNextCommandRuns() throws Exception {
    startAgent(51, Platform.registry().url());
    String topic = Topics.commandsFor(51);
    byte[] real = orchestrator.signed(command(51, null, Inspect.newBuilder().build())).value();
    // The real schema id, then bytes its schema cannot decode (a string of length -1).
    byte[] corrupt = Arrays.copyOf(real, 6);
    corrupt[5] = 0x01;
    // A schema id the registry never gave, then a real command's bytes.
    byte[] unknownId = real.clone();
    ByteBuffer.wrap(unknownId, 1, 4).putInt(0x7ffffff0);
    orchestrator.sendSigned(topic, corrupt);
    orchestrator.sendSigned(topic, unknownId);
    HostCommand after = command(51, null, Inspect.newBuilder().build());
    orchestrator.send(after);

    CommandResult result = orchestrator.awaitResult(after.getCommandId(), WAIT);
    assertThat(result.getStatus()).as("%s", result).isEqualTo(CommandStatus.SUCCEEDED);
    List<ConsumerRecord<byte[], byte[]>> letters = Await.value("two dead letters of host 51", WAIT, () -> {
      List<ConsumerRecord<byte[], byte[]>> mine = deadLettersOf("host-51");
      return mine.size() >= 2 ? mine : null;
    });
    assertThat(letters).hasSize(2);
    assertThat(letters.get(0).value()).as("the record as it came").isEqualTo(corrupt);
    assertThat(DeadLetters.header(letters.get(0).headers(), DeadLetters.REASON))
        .contains("not readable with schema id");
    assertThat(letters.get(1).value()).isEqualTo(unknownId);
    assertThat(DeadLetters.header(letters.get(1).headers(), DeadLetters.REASON))
        .contains("schema id " + 0x7ffffff0 + " unknown to the registry");
    for (var letter : letters) {
      assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(topic);
      assertThat(letter.headers().lastHeader("nbs-signature")).as("the orchestrator's signature kept").isNotNull();
    }
  }

  @Test
  void aCommandThatArrivesWhileTheRegistryIsDownRunsOnceItIsBackAndIsNeitherSkippedNorDeadLettered()
      throws Exception {
    try (RegistryGate registry = new RegistryGate(Platform.registry().url())) {
      startAgent(52, registry.url());
      HostCommand inspect = command(52, null, Inspect.newBuilder().build());
      orchestrator.send(inspect);

      // The agent asks for the command's schema again and again (503s), and gives the record up meanwhile neither
      // as a result nor as a dead letter.
      Await.value("the schema asked for several times", WAIT, () -> registry.refused().stream()
          .filter(path -> path.contains("/ids/contentIds/")).count() >= 4 ? Boolean.TRUE : null);
      assertThat(orchestrator.resultsOf(inspect.getCommandId())).isEmpty();
      assertThat(deadLettersOf("host-52")).isEmpty();

      registry.open();
      CommandResult result = orchestrator.awaitResult(inspect.getCommandId(), WAIT);
      assertThat(result.getStatus()).as("%s", result).isEqualTo(CommandStatus.SUCCEEDED);
      assertThat(deadLettersOf("host-52")).isEmpty();
    }
  }

  private static void startAgent(long hostId, String registryUrl) throws Exception {
    closing.add(new HostAgent(AgentConfig.of(Platform.broker().agentSettings(hostId, Map.of(
        "NETBOX_SWARM_AGENT_HOST_ID", String.valueOf(hostId),
        "NETBOX_SWARM_REGISTRY_URL", registryUrl,
        "DOCKER_HOST", engines.engine(1).dockerHost(),
        "NETBOX_SWARM_AGENT_KEYSET_FILE", keys.resolve("host-" + hostId + ".private.json").toString(),
        "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE", keys.resolve("orchestrator.public.json").toString(),
        "NETBOX_SWARM_AGENT_HEARTBEAT_INTERVAL", "1s",
        "NETBOX_SWARM_AGENT_STATE_DIR", Files.createTempDirectory(scratch, "agent-state-" + hostId).toString(),
        "NETBOX_SWARM_AGENT_HOST_ADDRESS", engines.engine(1).address())))));
  }

  private static List<ConsumerRecord<byte[], byte[]>> deadLettersOf(String component) {
    deadLetters.poll(Duration.ofMillis(200)).forEach(deadLettered::add);
    return deadLettered.stream()
        .filter(r -> component.equals(DeadLetters.header(r.headers(), DeadLetters.COMPONENT))).toList();
  }
}
