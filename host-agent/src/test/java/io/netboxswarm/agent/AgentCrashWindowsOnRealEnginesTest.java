package io.netboxswarm.agent;

import static io.netboxswarm.agent.OrchestratorDouble.command;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.SwarmNode;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.command.RestartCondition;
import io.netboxswarm.contracts.command.RestartPolicy;
import io.netboxswarm.contracts.command.ServiceSpec;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.contracts.result.ServiceOutcome;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.docker.DockerEngines;
import io.netboxswarm.testkit.docker.Engine;
import io.netboxswarm.testkit.docker.Engines;

/**
 * The agent killed (SIGKILL) after the engine carried out a command and before the agent saw the engine's answer,
 * for an init, a join and a service creation, then started again on its state directory: the redelivered command
 * ends as the engine's state says it is, with the right ids, and is never taken for someone else's work. The agent
 * runs as its own JVM; its engine socket is an {@link EngineCutter} in front of the real engine. Host ids 61
 * (engine 1, the manager) and 62 (engine 2, a worker).
 */
@ExtendWith({Platform.class, DockerEngines.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentCrashWindowsOnRealEnginesTest {

  /** Its agents' keys (private ones included) and state, deleted once its tests are done. */
  @TempDir
  static Path scratch;

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final long SWARM = 7;

  static Engines engines;
  static OrchestratorDouble orchestrator;
  static Path keys;
  static Path work;
  static final Map<Long, EngineCutter> cutters = new HashMap<>();
  static final Map<Long, AgentProcess> agents = new HashMap<>();
  static final Map<Long, Path> states = new HashMap<>();
  static String clusterId;

  @BeforeAll
  static void start(Engines fixture) throws Exception {
    engines = fixture;
    engines.resetSwarms();
    keys = Files.createTempDirectory(scratch, "agent-keys");
    work = Files.createTempDirectory(scratch, "agent-crash");
    KeyGenerator.generate("orchestrator", keys);
    for (long host : List.of(61L, 62L)) {
      KeyGenerator.generate("host-" + host, keys);
      states.put(host, Files.createDirectories(work.resolve("state-" + host)));
      cutters.put(host, new EngineCutter(work.resolve("engine-" + host + ".sock"), engine(host).socket()));
    }
    orchestrator = new OrchestratorDouble(Platform.broker().clientProperties("admin"), Platform.registry().url(),
        keys);
  }

  @AfterAll
  static void stop() throws Exception {
    agents.values().forEach(AgentProcess::kill);
    for (EngineCutter cutter : cutters.values()) {
      cutter.close();
    }
    if (orchestrator != null) {
      orchestrator.close();
    }
    engines.resetSwarms();
  }

  @Test
  @Order(1)
  void anInitCutShortByACrashIsRecognisedAsTheAgentsOwnAndFinished() throws Exception {
    startAgent(61);
    HostCommand init = command(61, SWARM, new InitSwarm("0.0.0.0:2377", engine(61).address() + ":2377", "crash"));
    crashAfter(61, "POST", "/swarm/init", init);
    try (DockerClient e1 = engine(61).client()) {
      var info = e1.infoCmd().exec().getSwarm();
      assertThat(info.getLocalNodeState()).as("the engine initialized the swarm").isEqualTo(LocalNodeState.ACTIVE);
      assertThat(ownLabels(e1, info.getNodeID())).as("the crash came before the label")
          .doesNotContainKey("io.netboxswarm.swarm-id");
    }

    startAgent(61);
    CommandResult result = settled(init);
    try (DockerClient e1 = engine(61).client()) {
      clusterId = e1.inspectSwarmCmd().exec().getId();
      String nodeId = e1.infoCmd().exec().getSwarm().getNodeID();
      SwarmOutcome outcome = (SwarmOutcome) result.getOutcome();
      assertThat(outcome.getClusterId()).isEqualTo(clusterId);
      assertThat(outcome.getNodeId()).isEqualTo(nodeId);
      assertThat(outcome.getJoinTokens()).isNotNull();
      assertThat(ownLabels(e1, nodeId)).containsEntry("io.netboxswarm.swarm-id", String.valueOf(SWARM));
    }
  }

  @Test
  @Order(2)
  void aJoinCutShortByACrashIsAlreadyDoneInTheIntendedCluster() throws Exception {
    String token;
    try (DockerClient e1 = engine(61).client()) {
      token = e1.inspectSwarmCmd().exec().getJoinTokens().getWorker();
    }
    startAgent(62);
    String manager = engine(61).address() + ":2377";
    HostCommand join = command(62, SWARM, new JoinSwarm(NodeRole.WORKER, List.of(manager),
        orchestrator.sealFor(62, token, SealingContext.joinTokenForHost(62, clusterId, "worker")), clusterId,
        "0.0.0.0:2377", engine(62).address() + ":2377"));
    crashAfter(62, "POST", "/swarm/join", join);

    startAgent(62);
    CommandResult result = settled(join);
    try (DockerClient e1 = engine(61).client(); DockerClient e2 = engine(62).client()) {
      String nodeId = e2.infoCmd().exec().getSwarm().getNodeID();
      assertThat(((SwarmOutcome) result.getOutcome()).getNodeId()).isEqualTo(nodeId);
      assertThat(((SwarmOutcome) result.getOutcome()).getRole()).isEqualTo(NodeRole.WORKER);
      assertThat(e1.listSwarmNodesCmd().exec()).extracting(SwarmNode::getId).contains(nodeId);
    }
  }

  @Test
  @Order(3)
  void aServiceCreationCutShortByACrashIsRecognisedByItsSpec() throws Exception {
    String node;
    try (DockerClient e1 = engine(61).client()) {
      node = e1.infoCmd().exec().getSwarm().getNodeID();
    }
    ServiceSpec spec = ServiceSpec.newBuilder().setName("nbx-crash").setImage(engines.serviceImageId())
        .setCommand(List.of("sleep", "3600")).setRestartPolicy(new RestartPolicy(RestartCondition.ANY, null))
        .setPlacementConstraints(List.of("node.id==" + node)).build();
    HostCommand create = command(61, SWARM, new CreateService(spec));
    crashAfter(61, "POST", "/services/create", create);

    startAgent(61);
    CommandResult result = settled(create);
    try (DockerClient e1 = engine(61).client()) {
      var services = e1.listServicesCmd().withNameFilter(List.of("nbx-crash")).exec();
      assertThat(services).as("created once").hasSize(1);
      assertThat(((ServiceOutcome) result.getOutcome()).getServiceId()).isEqualTo(services.get(0).getId());
    }
  }

  /** Sends the command and kills its agent at the engine's answer to {@code method path}; the engine acted. */
  private static void crashAfter(long host, String method, String path, HostCommand command) throws Exception {
    AgentProcess agent = agents.get(host);
    cutters.get(host).cutAfter(method, path, agent::kill);
    orchestrator.send(command);
    Await.until("the agent killed at the engine's answer to " + method + " " + path, WAIT,
        () -> cutters.get(host).fired() && !agent.alive());
    assertThat(orchestrator.resultsOf(command.getCommandId())).as("no result before the crash").isEmpty();
  }

  /** The command's result after the restart: done, and never taken for another cluster's work. */
  private static CommandResult settled(HostCommand command) {
    CommandResult result = orchestrator.awaitResult(command.getCommandId(), WAIT);
    assertThat(result.getStatus()).as("%s", result).isIn(CommandStatus.SUCCEEDED, CommandStatus.ALREADY_DONE);
    assertThat(orchestrator.resultsOf(command.getCommandId())).extracting(CommandResult::getErrorCode)
        .containsOnlyNulls();
    return result;
  }

  private static void startAgent(long host) throws Exception {
    Map<String, String> env = new HashMap<>(Platform.broker().agentSettings(host, Map.of(
        "NETBOX_SWARM_AGENT_HOST_ID", String.valueOf(host),
        "NETBOX_SWARM_REGISTRY_URL", Platform.registry().url(),
        "DOCKER_HOST", cutters.get(host).dockerHost(),
        "NETBOX_SWARM_AGENT_KEYSET_FILE", keys.resolve("host-" + host + ".private.json").toString(),
        "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE", keys.resolve("orchestrator.public.json").toString(),
        "NETBOX_SWARM_AGENT_HEARTBEAT_INTERVAL", "1s",
        "NETBOX_SWARM_AGENT_STATE_DIR", states.get(host).toString(),
        "NETBOX_SWARM_AGENT_HOST_ADDRESS", engine(host).address())));
    // The killed agent's place in its consumer group is taken within seconds, not the default 45.
    env.put("NETBOX_SWARM_KAFKA_SESSION_TIMEOUT_MS", "6000");
    env.put("NETBOX_SWARM_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    java.time.Instant started = java.time.Instant.now();
    agents.put(host, AgentProcess.start(env, Path.of("target", "crash-agent-" + host + ".log").toAbsolutePath()));
    orchestrator.awaitHeartbeat(host, h -> h.getObservedAt().isAfter(started) && h.getEngineReachable(), WAIT);
  }

  private static Map<String, String> ownLabels(DockerClient docker, String nodeId) {
    Map<String, String> labels = docker.listSwarmNodesCmd().withIdFilter(List.of(nodeId)).exec().get(0).getSpec()
        .getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static Engine engine(long host) {
    return engines.engine(host == 61 ? 1 : 2);
  }
}
