package io.netboxswarm.agent;

import static io.netboxswarm.agent.OrchestratorDouble.command;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeRole;
import com.github.dockerjava.api.model.TaskState;

import io.netboxswarm.agent.metrics.Scrape;
import io.netboxswarm.contracts.NodeAvailability;
import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.command.*;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.contracts.result.NetworkOutcome;
import io.netboxswarm.contracts.result.SecretOutcome;
import io.netboxswarm.contracts.result.ServiceOutcome;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.RecordSigner;
import io.netboxswarm.testkit.FreePorts;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.docker.ContainerExec;
import io.netboxswarm.testkit.docker.DockerEngines;
import io.netboxswarm.testkit.docker.Engines;

/**
 * Three real agents, one per real engine, driven through the real broker and registry as the orchestrator would:
 * a swarm formed, a secret, an overlay network and a pinned service, node changes, a departure, and every refusal.
 * The assertions read the engines' own state through docker-java.
 */
@ExtendWith({Platform.class, DockerEngines.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostAgentOnRealEnginesTest {

  /** Its agents' keys (private ones included) and state, deleted once its tests are done. */
  @TempDir
  static Path scratch;

  private static final long SWARM = 5;
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String SECRET_BYTES = "s3cr3t-passw0rd-\u00e9\u00e8-" + Instant.now().toEpochMilli();

  static Engines engines;
  static OrchestratorDouble orchestrator;
  static final List<HostAgent> agents = new ArrayList<>();
  static Path keys;
  static String clusterId;
  static String managerAddr;
  /** Agent i's /metrics port at index i - 1. */
  static int[] metricsPorts;

  @BeforeAll
  static void startAgents(Engines fixture) throws Exception {
    engines = fixture;
    engines.resetSwarms();
    keys = Files.createTempDirectory(scratch, "agent-keys");
    KeyGenerator.generate("orchestrator", keys);
    metricsPorts = FreePorts.take(3);
    for (int i = 1; i <= 3; i++) {
      KeyGenerator.generate("host-" + i, keys);
      Path state = Files.createTempDirectory(scratch, "agent-state-" + i);
      agents.add(new HostAgent(AgentConfig.of(Platform.broker().agentSettings(i, Map.of(
          "NETBOX_SWARM_AGENT_HOST_ID", String.valueOf(i),
          "NETBOX_SWARM_REGISTRY_URL", Platform.registry().url(),
          "DOCKER_HOST", engines.engine(i).dockerHost(),
          "NETBOX_SWARM_AGENT_KEYSET_FILE", keys.resolve("host-" + i + ".private.json").toString(),
          "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE", keys.resolve("orchestrator.public.json").toString(),
          "NETBOX_SWARM_AGENT_HEARTBEAT_INTERVAL", "1s",
          "NETBOX_SWARM_AGENT_STATE_DIR", state.toString(),
          "NETBOX_SWARM_AGENT_HOST_ADDRESS", engines.engine(i).address(),
          "NETBOX_SWARM_AGENT_METRICS_PORT", String.valueOf(metricsPorts[i - 1]))))));
    }
    orchestrator = new OrchestratorDouble(Platform.broker().clientProperties("admin"), Platform.registry().url(),
        keys);
    managerAddr = engines.engine(1).address() + ":2377";
  }

  @AfterAll
  static void stopAgents() {
    agents.forEach(HostAgent::close);
    if (orchestrator != null) {
      orchestrator.close();
    }
    engines.resetSwarms();
  }

  @Test
  @Order(1)
  void heartbeatsReportTheEngineBeforeAnySwarm() {
    var heartbeat = orchestrator.awaitHeartbeat(1, h -> h.getEngineReachable(), WAIT);
    assertThat(heartbeat.getApiVersion()).isEqualTo("1.41");
    assertThat(heartbeat.getHostAddress()).isEqualTo(engines.engine(1).address());
    assertThat(heartbeat.getSwarm().getState().name()).isEqualTo("INACTIVE");
  }

  @Test
  @Order(2)
  void initFormsTheSwarmAndReportsSealedTokens() throws Exception {
    HostCommand init = command(1, SWARM, new InitSwarm("0.0.0.0:2377", managerAddr, "prod-swarm"));
    orchestrator.send(init);
    CommandResult result = orchestrator.awaitResult(init.getCommandId(), WAIT);

    assertThat(result.getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
    SwarmOutcome outcome = (SwarmOutcome) result.getOutcome();
    try (DockerClient e1 = engines.engine(1).client()) {
      var swarm = e1.inspectSwarmCmd().exec();
      clusterId = swarm.getId();
      assertThat(outcome.getClusterId()).isEqualTo(clusterId);
      assertThat(outcome.getNodeId()).isEqualTo(e1.infoCmd().exec().getSwarm().getNodeID());
      assertThat(outcome.getRole()).isEqualTo(NodeRole.MANAGER);
      assertThat(orchestrator.open(outcome.getJoinTokens().getWorker(),
          SealingContext.joinToken(clusterId, "worker"))).isEqualTo(swarm.getJoinTokens().getWorker());
      assertThat(orchestrator.open(outcome.getJoinTokens().getManager(),
          SealingContext.joinToken(clusterId, "manager"))).isEqualTo(swarm.getJoinTokens().getManager());
    }
  }

  @Test
  @Order(3)
  void theSameCommandTwiceTouchesTheEngineOnceAndTheSameIntentAgainIsAlreadyDone() throws Exception {
    HostCommand init = command(1, SWARM, new InitSwarm("0.0.0.0:2377", managerAddr, "prod-swarm"));
    orchestrator.send(init);
    CommandResult first = orchestrator.awaitResult(init.getCommandId(), WAIT);
    orchestrator.send(init);
    awaitTrue("the redelivered command answered", () -> orchestrator.resultCount(init.getCommandId()) == 2);

    // The engine's swarm is the same one, and the second answer is the stored first one, to the millisecond.
    assertThat(first.getStatus()).isEqualTo(CommandStatus.ALREADY_DONE);
    assertThat(orchestrator.awaitResult(init.getCommandId(), WAIT).getCompletedAt()).isEqualTo(first.getCompletedAt());
    try (DockerClient e1 = engines.engine(1).client()) {
      assertThat(e1.inspectSwarmCmd().exec().getId()).isEqualTo(clusterId);
    }
  }

  @Test
  @Order(4)
  void aManagerAndAWorkerJoinWithTheirSealedTokens() throws Exception {
    String workerToken;
    String managerToken;
    try (DockerClient e1 = engines.engine(1).client()) {
      var tokens = e1.inspectSwarmCmd().exec().getJoinTokens();
      workerToken = tokens.getWorker();
      managerToken = tokens.getManager();
    }
    HostCommand joinManager = command(2, SWARM, new JoinSwarm(NodeRole.MANAGER, List.of(managerAddr),
        orchestrator.sealFor(2, managerToken, SealingContext.joinTokenForHost(2, clusterId, "manager")), clusterId,
        "0.0.0.0:2377", engines.engine(2).address() + ":2377"));
    HostCommand joinWorker = command(3, SWARM, new JoinSwarm(NodeRole.WORKER, List.of(managerAddr),
        orchestrator.sealFor(3, workerToken, SealingContext.joinTokenForHost(3, clusterId, "worker")), clusterId,
        "0.0.0.0:2377", engines.engine(3).address() + ":2377"));
    orchestrator.send(joinManager);
    assertThat(orchestrator.awaitResult(joinManager.getCommandId(), WAIT).getStatus())
        .isEqualTo(CommandStatus.SUCCEEDED);
    orchestrator.send(joinWorker);
    CommandResult worker = orchestrator.awaitResult(joinWorker.getCommandId(), WAIT);
    assertThat(worker.getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
    assertThat(((SwarmOutcome) worker.getOutcome()).getJoinTokens()).as("a worker reports no tokens").isNull();

    List<SwarmNode> nodes = awaitNodes(3);
    assertThat(nodes).filteredOn(n -> n.getSpec().getRole() == SwarmNodeRole.MANAGER)
        .extracting(n -> n.getDescription().getHostname()).containsExactlyInAnyOrder("nbs-e1", "nbs-e2");
    assertThat(nodes).filteredOn(n -> n.getSpec().getRole() == SwarmNodeRole.WORKER)
        .extracting(n -> n.getDescription().getHostname()).containsExactly("nbs-e3");

    // Joining again is already done, the worker recognising its cluster by its managers.
    HostCommand again = command(3, SWARM, joinWorker.getAction());
    orchestrator.send(again);
    assertThat(orchestrator.awaitResult(again.getCommandId(), WAIT).getStatus()).isEqualTo(CommandStatus.ALREADY_DONE);
  }

  @Test
  @Order(5)
  void aSecretANetworkAndAPinnedServiceThatReadsTheSecret() throws Exception {
    HostCommand secret = command(1, SWARM, new CreateSecret("admin_password",
        orchestrator.sealFor(1, SECRET_BYTES, SealingContext.dockerSecret(1, "admin_password")),
        Map.of("io.netboxswarm.managed", "true")));
    HostCommand network = command(1, SWARM, new CreateNetwork("app-overlay", "overlay", true, Map.of()));
    orchestrator.send(secret);
    orchestrator.send(network);
    CommandResult secretResult = orchestrator.awaitResult(secret.getCommandId(), WAIT);
    CommandResult networkResult = orchestrator.awaitResult(network.getCommandId(), WAIT);
    assertThat(secretResult.getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
    assertThat(networkResult.getStatus()).isEqualTo(CommandStatus.SUCCEEDED);

    String workerNode;
    try (DockerClient e3 = engines.engine(3).client()) {
      workerNode = e3.infoCmd().exec().getSwarm().getNodeID();
    }
    ServiceSpec spec = ServiceSpec.newBuilder().setName("nbx-app-01").setImage(engines.serviceImageId())
        .setCommand(List.of("sleep", "3600")).setEnv(List.of("ADMIN_PASSWORD_FILE=/run/secrets/admin_password"))
        .setSecrets(List.of(new ServiceSecret("admin_password", null, "admin_password", "0", "0", 292)))
        .setNetworks(List.of("app-overlay")).setRestartPolicy(new RestartPolicy(RestartCondition.ANY, null))
        .setPlacementConstraints(List.of("node.id==" + workerNode)).build();
    HostCommand service = command(1, SWARM, new CreateService(spec));
    orchestrator.send(service);
    CommandResult serviceResult = orchestrator.awaitResult(service.getCommandId(), WAIT);
    assertThat(serviceResult.getStatus()).as("%s", serviceResult).isEqualTo(CommandStatus.SUCCEEDED);

    try (DockerClient e1 = engines.engine(1).client(); DockerClient e3 = engines.engine(3).client()) {
      assertThat(e1.inspectNetworkCmd().withNetworkId(((NetworkOutcome) networkResult.getOutcome()).getNetworkId())
          .exec().getDriver()).isEqualTo("overlay");
      var task = awaitValue("a running task", () -> e1.listTasksCmd().withServiceFilter("nbx-app-01").exec().stream()
          .filter(t -> t.getStatus().getState() == TaskState.RUNNING).findFirst().orElse(null));
      assertThat(task.getNodeId()).isEqualTo(workerNode);
      assertThat(task.getServiceId()).isEqualTo(((ServiceOutcome) serviceResult.getOutcome()).getServiceId());
      String container = awaitValue("the task's container on engine 3",
          () -> e3.listContainersCmd().exec().stream().findFirst().map(c -> c.getId()).orElse(null));
      assertThat(ContainerExec.run(e3, container, "cat", "/run/secrets/admin_password")).isEqualTo(SECRET_BYTES);
      String secretId = ((SecretOutcome) secretResult.getOutcome()).getSecretId();
      assertThat(e1.listSecretsCmd().withIdFilter(List.of(secretId)).exec())
          .singleElement().satisfies(s -> assertThat(s.getSpec().getName()).isEqualTo("admin_password"));
    }

    // The same spec again is already done; removing it removes the service.
    HostCommand sameSpec = command(1, SWARM, new UpdateService(spec));
    orchestrator.send(sameSpec);
    assertThat(orchestrator.awaitResult(sameSpec.getCommandId(), WAIT).getStatus())
        .isEqualTo(CommandStatus.ALREADY_DONE);
    HostCommand remove = command(1, SWARM, new RemoveService("nbx-app-01"));
    orchestrator.send(remove);
    assertThat(orchestrator.awaitResult(remove.getCommandId(), WAIT).getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
    try (DockerClient e1 = engines.engine(1).client()) {
      assertThat(e1.listServicesCmd().exec()).isEmpty();
    }
  }

  @Test
  @Order(6)
  void aNodeIsDrainedAndAManagerDemoted() throws Exception {
    String worker = nodeIdOf(3);
    String manager2 = nodeIdOf(2);
    HostCommand drain = command(1, SWARM, new UpdateNode(worker, null, NodeAvailability.DRAIN, null));
    HostCommand demote = command(1, SWARM, new UpdateNode(manager2, NodeRole.WORKER, null, null));
    orchestrator.send(drain);
    orchestrator.send(demote);
    assertThat(orchestrator.awaitResult(drain.getCommandId(), WAIT).getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
    assertThat(orchestrator.awaitResult(demote.getCommandId(), WAIT).getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
    try (DockerClient e1 = engines.engine(1).client()) {
      assertThat(node(e1, worker).getSpec().getAvailability()).isEqualTo(SwarmNodeAvailability.DRAIN);
      assertThat(node(e1, manager2).getSpec().getRole()).isEqualTo(SwarmNodeRole.WORKER);
    }
  }

  @Test
  @Order(7)
  void aWorkerLeavesAndIsRemovedFromTheNodeList() throws Exception {
    String worker = nodeIdOf(3);
    HostCommand leave = command(3, SWARM, new LeaveSwarm(clusterId, false, List.of(managerAddr)));
    orchestrator.send(leave);
    assertThat(orchestrator.awaitResult(leave.getCommandId(), WAIT).getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
    try (DockerClient e1 = engines.engine(1).client()) {
      awaitTrue("the departed node marked down", () -> node(e1, worker).getStatus().getState().name().equals("DOWN"));
      HostCommand removeNode = command(1, SWARM, new RemoveNode(worker, false, false));
      orchestrator.send(removeNode);
      assertThat(orchestrator.awaitResult(removeNode.getCommandId(), WAIT).getStatus())
          .isEqualTo(CommandStatus.SUCCEEDED);
      assertThat(e1.listSwarmNodesCmd().exec()).extracting(SwarmNode::getId).doesNotContain(worker);
    }
  }

  @Test
  @Order(8)
  void aNodeInAForeignClusterIsLeftAlone() throws Exception {
    String foreignCluster;
    try (DockerClient e3 = engines.engine(3).client()) {
      e3.initializeSwarmCmd(new com.github.dockerjava.api.model.SwarmSpec()).withListenAddr("0.0.0.0:2377")
          .withAdvertiseAddr(engines.engine(3).address() + ":2377").exec();
      foreignCluster = e3.inspectSwarmCmd().exec().getId();
    }
    HostCommand join = command(3, SWARM, new JoinSwarm(NodeRole.WORKER, List.of(managerAddr),
        orchestrator.sealFor(3, "SWMTKN-unused", SealingContext.joinTokenForHost(3, clusterId, "worker")), clusterId,
        "0.0.0.0:2377", null));
    HostCommand leave = command(3, SWARM, new LeaveSwarm(clusterId, true, List.of(managerAddr)));
    orchestrator.send(join);
    orchestrator.send(leave);

    for (HostCommand c : List.of(join, leave)) {
      CommandResult result = orchestrator.awaitResult(c.getCommandId(), WAIT);
      assertThat(result.getStatus()).isEqualTo(CommandStatus.FAILED);
      assertThat(result.getErrorCode()).isEqualTo("FOREIGN_CLUSTER");
      assertThat(result.getRetryable()).isFalse();
    }
    try (DockerClient e3 = engines.engine(3).client()) {
      assertThat(e3.inspectSwarmCmd().exec().getId()).as("still in its own swarm").isEqualTo(foreignCluster);
    }
  }

  @Test
  @Order(9)
  void commandsForAnotherHostPastTheirDeadlineOrUnsealableAreRejectedWithoutTouchingTheEngine() throws Exception {
    HostCommand forHost2 = command(2, SWARM, new LeaveSwarm(null, true, List.of()));
    orchestrator.sendTo(1, forHost2);
    HostCommand expired = HostCommand.newBuilder(command(1, SWARM, new LeaveSwarm(null, true, List.of())))
        .setDeadline(Instant.now().minusSeconds(1)).build();
    orchestrator.send(expired);
    HostCommand unsealable = command(1, SWARM, new CreateSecret("other", orchestrator.sealFor(1, "x",
        SealingContext.dockerSecret(1, "something-else")), Map.of()));
    orchestrator.send(unsealable);

    assertThat(orchestrator.awaitResult(forHost2.getCommandId(), WAIT)).satisfies(r -> {
      assertThat(r.getStatus()).isEqualTo(CommandStatus.REJECTED);
      assertThat(r.getErrorCode()).isEqualTo("WRONG_HOST");
    });
    assertThat(orchestrator.awaitResult(expired.getCommandId(), WAIT).getErrorCode()).isEqualTo("EXPIRED");
    assertThat(orchestrator.awaitResult(unsealable.getCommandId(), WAIT)).satisfies(r -> {
      assertThat(r.getStatus()).isEqualTo(CommandStatus.REJECTED);
      assertThat(r.getErrorCode()).isEqualTo("UNSEALABLE");
    });
    try (DockerClient e1 = engines.engine(1).client()) {
      assertThat(e1.inspectSwarmCmd().exec().getId()).as("host 1 did not leave").isEqualTo(clusterId);
      assertThat(e1.listSecretsCmd().exec()).extracting(s -> s.getSpec().getName()).doesNotContain("other");
    }
  }

  @Test
  @Order(10)
  void onlyWhatTheOrchestratorSignedForThisHostRunsAndARefusalSpoilsNothing() throws Exception {
    Path forgerKeys = Files.createTempDirectory(scratch, "forger-keys");
    KeyGenerator.generate("orchestrator", forgerKeys);
    RecordSigner forger = RecordSigner.of("orchestrator", new Keysets(k -> null)
        .signingPrivateKeyset(forgerKeys.resolve("orchestrator.signing.private.json"), null));
    String topic = io.netboxswarm.contracts.Topics.commandsFor(1);

    // Signed by another key under the orchestrator's name, with the id the real command will have.
    HostCommand forged = command(1, SWARM, new CreateNetwork("forged-net", "overlay", true, Map.of()));
    orchestrator.sendSignedBy(forger, forged);
    // Not signed at all.
    HostCommand unsigned = command(1, SWARM, new CreateNetwork("unsigned-net", "overlay", true, Map.of()));
    orchestrator.sendRaw(topic, orchestrator.serialize(topic, unsigned), new RecordHeaders());
    // A real, signed command replayed with one field changed.
    HostCommand real = command(1, SWARM, new CreateNetwork("signed-net", "overlay", true, Map.of()));
    var signed = orchestrator.signed(real);
    HostCommand tampered = HostCommand.newBuilder(real)
        .setAction(new CreateNetwork("tampered-net", "overlay", true, Map.of())).build();
    orchestrator.sendRaw(topic, orchestrator.serialize(topic, tampered), signed.headers());
    // A real command signed for host 2's topic, moved to host 1's.
    HostCommand moved = command(1, SWARM, new CreateNetwork("moved-net", "overlay", true, Map.of()));
    var forHost2 = orchestrator.signed(HostCommand.newBuilder(moved).setHostId(2).build());
    orchestrator.sendRaw(topic, orchestrator.serialize(topic, moved), forHost2.headers());

    for (HostCommand refused : List.of(forged, unsigned, tampered, moved)) {
      assertThat(orchestrator.awaitResult(refused.getCommandId(), WAIT)).satisfies(r -> {
        assertThat(r.getStatus()).isEqualTo(CommandStatus.REJECTED);
        assertThat(r.getErrorCode()).isEqualTo("BAD_SIGNATURE");
      });
    }
    try (DockerClient e1 = engines.engine(1).client()) {
      assertThat(e1.listNetworksCmd().exec()).extracting(n -> n.getName())
          .doesNotContain("forged-net", "unsigned-net", "tampered-net", "moved-net");
    }

    // The refusal was not stored: the real command with the forged one's id runs when the orchestrator sends it.
    orchestrator.send(forged);
    awaitTrue("the real command answered", () -> orchestrator.resultsOf(forged.getCommandId()).size() == 2);
    assertThat(orchestrator.resultsOf(forged.getCommandId()).get(1).getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
    try (DockerClient e1 = engines.engine(1).client()) {
      assertThat(e1.listNetworksCmd().exec()).extracting(n -> n.getName()).contains("forged-net");
    }
    // What host 1's operator scrapes: the four refusals under no action of theirs, the real command's run on the
    // engine. (A result is published just before it is counted: awaited.)
    String metrics = awaitValue("host 1's refusals counted", () -> {
      String scraped = Scrape.metrics(metricsPorts[0]);
      return scraped.contains("netbox_swarm_agent_commands_total{action=\"unverified\",outcome=\"REJECTED\"} 4.0")
          ? scraped : null;
    });
    assertThat(metrics).contains("netbox_swarm_agent_commands_total{action=\"CreateNetwork\",outcome=\"SUCCEEDED\"}")
        .contains("netbox_swarm_agent_engine_call_seconds_count{action=\"CreateNetwork\"}")
        .contains("netbox_swarm_agent_info{host_id=\"1\"} 1");
    // (Other test classes' agents, with keys of their own, share the broker: only this class's hosts count.)
    assertThat(orchestrator.unverified()).filteredOn(r -> r.matches(".* claiming host [123]: .*"))
        .as("every result and heartbeat of hosts 1-3 signed by the host it names").isEmpty();
  }

  @Test
  @Order(11)
  void aSignedServiceThatBindsTheRootOrTheSocketIsRefusedByTheAgentAndNotStored() throws Exception {
    String node = nodeIdOf(1);
    ServiceSpec.Builder base = ServiceSpec.newBuilder().setName("nbx-escape").setImage(engines.serviceImageId())
        .setCommand(List.of("sleep", "3600")).setRestartPolicy(new RestartPolicy(RestartCondition.ANY, null))
        .setPlacementConstraints(List.of("node.id==" + node));
    HostCommand root = command(1, SWARM, new CreateService(ServiceSpec.newBuilder(base)
        .setMounts(List.of(new ServiceMount(MountType.BIND, "/", "/host", false))).build()));
    HostCommand socket = command(1, SWARM, new CreateService(ServiceSpec.newBuilder(base).setName("nbx-socket")
        .setMounts(List.of(new ServiceMount(MountType.BIND, "/var/run/docker.sock", "/var/run/docker.sock", true)))
        .build()));
    orchestrator.send(root); // signed by the real orchestrator key: the agent is the last line
    orchestrator.send(socket);

    for (HostCommand refused : List.of(root, socket)) {
      assertThat(orchestrator.awaitResult(refused.getCommandId(), WAIT)).satisfies(r -> {
        assertThat(r.getStatus()).isEqualTo(CommandStatus.REJECTED);
        assertThat(r.getErrorCode()).isEqualTo("POLICY_VIOLATION");
      });
    }
    try (DockerClient e1 = engines.engine(1).client()) {
      assertThat(e1.listServicesCmd().exec()).extracting(svc -> svc.getSpec().getName())
          .doesNotContain("nbx-escape", "nbx-socket");
    }
    // Refusals are not stored: the same record again is checked again, not answered from a store.
    orchestrator.send(root);
    awaitTrue("the second refusal", () -> orchestrator.resultsOf(root.getCommandId()).size() == 2);
    List<CommandResult> answers = orchestrator.resultsOf(root.getCommandId());
    assertThat(answers.get(1).getErrorCode()).isEqualTo("POLICY_VIOLATION");
    assertThat(answers.get(1).getCompletedAt()).as("decided again, not the first answer replayed")
        .isAfter(answers.get(0).getCompletedAt());
  }

  private static SwarmNode node(DockerClient manager, String nodeId) {
    return manager.listSwarmNodesCmd().withIdFilter(List.of(nodeId)).exec().get(0);
  }

  private static String nodeIdOf(int engine) {
    try (DockerClient client = engines.engine(engine).client()) {
      return client.infoCmd().exec().getSwarm().getNodeID();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<SwarmNode> awaitNodes(int count) throws Exception {
    try (DockerClient e1 = engines.engine(1).client()) {
      return awaitValue(count + " ready nodes", () -> {
        List<SwarmNode> nodes = e1.listSwarmNodesCmd().exec();
        return nodes.size() == count && nodes.stream().allMatch(n -> n.getStatus().getState().name().equals("READY"))
            ? nodes : null;
      });
    }
  }

  private static void awaitTrue(String what, Supplier<Boolean> probe) throws InterruptedException {
    awaitValue(what, () -> probe.get() ? Boolean.TRUE : null);
  }

  private static <T> T awaitValue(String what, Supplier<T> probe) throws InterruptedException {
    return Await.value(what, WAIT, probe);
  }
}
