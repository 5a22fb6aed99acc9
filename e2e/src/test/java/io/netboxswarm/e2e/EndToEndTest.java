package io.netboxswarm.e2e;

import static io.netboxswarm.e2e.EngineSwarm.active;
import static io.netboxswarm.e2e.EngineSwarm.manager;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.kafka.TopicScan;
import io.netboxswarm.testkit.docker.ContainerExec;
import io.netboxswarm.testkit.docker.DockerEngines;
import io.netboxswarm.testkit.docker.Engines;
import io.netboxswarm.testkit.netbox.NetboxObjects.Container;
import io.netboxswarm.testkit.netbox.NetboxObjects.Network;
import io.netboxswarm.testkit.netbox.NetboxObjects.Secret;
import io.netboxswarm.testkit.netbox.NetboxObjects.SecretMount;
import io.netboxswarm.testkit.netbox.NetboxObjects.Swarm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The system as its users meet it: signed NetBox 4.6 webhooks into the ingest's HTTP endpoint, the shipped
 * orchestrator and one shipped agent per real engine, NetBox's REST API double recording the write-back. Every step
 * asserts the engines' real state through docker-java, one swarm growing, breaking rules, running a service with a
 * secret, losing members, through an orchestrator crash and a lost webhook.
 */
@ExtendWith({Platform.class, DockerEngines.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String SECRET_TEXT = "s3cr3t-" + UUID.randomUUID();

  static NetboxSwarmSystem system;
  static Engines engines;
  static Swarm swarm = new Swarm(5, "prod-swarm", null, List.of(1L), List.of());
  static String clusterId;
  static final Secret SECRET = new Secret(9, 5, "app_password", SECRET_TEXT.getBytes(StandardCharsets.UTF_8));
  static final Swarm SECOND_HOME = new Swarm(7, "second-home", null, List.of(3L), List.of());
  static final Network BRIDGE = new Network(8, 3, "plain-bridge", "bridge");
  static final Network OVERLAY = new Network(10, 3, "app-overlay", "overlay");
  static Container app;

  @BeforeAll
  static void start(Engines fixture) throws Exception {
    engines = fixture;
    engines.resetSwarms();
    swarm = new Swarm(5, "prod-swarm", engines.engine(1).address() + ":2377", List.of(1L), List.of());
    app = new Container(11, 3, "app", engines.serviceImageId(), List.of("sleep", "3600"), List.of(OVERLAY),
        List.of(new SecretMount(9, "app_password", "app_password", "0", "0", 0444)), "always");
    system = new NetboxSwarmSystem(engines).start();
  }

  @AfterAll
  static void stop() {
    if (system != null) {
      assertThat(system.netbox.unmatched()).as("requests NetBox would have refused").isEmpty();
      system.close();
    }
    if (engines != null) {
      engines.resetSwarms();
    }
  }

  @Test
  @Order(1)
  void aSwarmWithOneManagerInitializesItsEngineAndNetboxGetsItsIdAndWorkerToken() throws Exception {
    system.deliver(system.webhooks.swarmCreated(swarm));

    try (DockerClient e1 = engines.engine(1).client()) {
      await("engine 1 is a swarm manager", () -> manager(e1));
      var cluster = e1.inspectSwarmCmd().exec();
      clusterId = cluster.getId();
      JsonNode written = system.netbox.await("PATCH", "/api/plugins/docker/swarms/5/",
          b -> clusterId.equals(b.path("SwarmID").asString())).body();
      assertThat(written.path("JoinTokens").path("Worker").asString()).isEqualTo(cluster.getJoinTokens().getWorker());
      // The manager token only when the operator opts in (write-manager-token): whoever reads NetBox adds workers.
      assertThat(written.path("JoinTokens").has("Manager")).isFalse();
      assertThat(system.netbox.requests().toString()).doesNotContain(cluster.getJoinTokens().getManager());
      String nodeId = e1.infoCmd().exec().getSwarm().getNodeID();
      system.netbox.await("PATCH", "/api/plugins/docker/hosts/1/",
          b -> nodeId.equals(b.path("custom_fields").path("swarm_node_id").asString())
              && "manager".equals(b.path("custom_fields").path("swarm_role").asString()));
    }
  }

  @Test
  @Order(2)
  void aSecondManagerAndAWorkerJoinThoughTheOrchestratorCrashesMidway() throws Exception {
    Swarm before = swarm;
    swarm = swarm.withMembers(List.of(1L, 2L), List.of(3L));
    system.deliver(system.webhooks.swarmUpdated(before, swarm));

    try (DockerClient e1 = engines.engine(1).client(); DockerClient e2 = engines.engine(2).client();
        DockerClient e3 = engines.engine(3).client()) {
      await("engine 2 is in a swarm", () -> active(e2));
      system.crashAndRestartOrchestrator();

      await("three nodes on engine 1", () -> e1.listSwarmNodesCmd().exec().size() == 3);
      await("engine 2 a manager, engine 3 a worker", () -> manager(e2) && active(e3) && !manager(e3));
      assertThat(e1.inspectSwarmCmd().exec().getId()).as("still the first cluster").isEqualTo(clusterId);
      assertThat(e2.inspectSwarmCmd().exec().getId()).as("one cluster").isEqualTo(clusterId);
      String worker = e3.infoCmd().exec().getSwarm().getNodeID();
      List<SwarmNode> nodes = e1.listSwarmNodesCmd().exec();
      assertThat(nodes).extracting(SwarmNode::getId).contains(worker);
      assertThat(nodes.stream().filter(n -> n.getSpec().getRole().name().equals("MANAGER")).count()).isEqualTo(2);
    }
  }

  @Test
  @Order(3)
  void ruleViolationsChangeNoEngineAndAreJournaledAndAudited() throws Exception {
    List<String> nodesBefore;
    try (DockerClient e1 = engines.engine(1).client()) {
      nodesBefore = e1.listSwarmNodesCmd().exec().stream().map(SwarmNode::getId).sorted().toList();
    }
    system.deliver(system.webhooks.swarmCreated(new Swarm(6, "no-manager", null, List.of(), List.of(4L))));
    system.deliver(system.webhooks.swarmCreated(SECOND_HOME));
    system.deliver(system.webhooks.networkCreated(BRIDGE));

    assertDangerJournal("swarm", 6);
    assertDangerJournal("swarm", 7);
    assertDangerJournal("network", 8);
    List<String> violations = auditRules("VIOLATION");
    assertThat(violations).contains("worker-needs-manager", "host-in-two-swarms", "overlay-only");

    try (DockerClient e1 = engines.engine(1).client(); DockerClient e3 = engines.engine(3).client()) {
      assertThat(e1.listSwarmNodesCmd().exec().stream().map(SwarmNode::getId).sorted().toList())
          .isEqualTo(nodesBefore);
      assertThat(active(e3) && !manager(e3)).as("engine 3 is still a worker of swarm 5").isTrue();
      assertThat(e1.listNetworksCmd().withNameFilter("plain-bridge").exec()).isEmpty();
      assertThat(e3.listNetworksCmd().withNameFilter("plain-bridge").exec()).isEmpty();
    }
    // The operator deletes the mistaken swarm; otherwise it would take host 3 the moment swarm 5 lets it go.
    system.deliver(system.webhooks.swarmDeleted(SECOND_HOME));
  }

  @Test
  @Order(4)
  void aSecretBecomesADockerSecretOnAManager() throws Exception {
    system.deliver(system.webhooks.secretCreated(SECRET, swarm));
    try (DockerClient e1 = engines.engine(1).client()) {
      await("the Docker secret on engine 1",
          () -> !e1.listSecretsCmd().withNameFilter(List.of("app_password")).exec().isEmpty());
      String id = e1.listSecretsCmd().withNameFilter(List.of("app_password")).exec().get(0).getId();
      system.netbox.await("PATCH", "/api/plugins/docker/secrets/9/", b -> id.equals(b.path("SecretID").asString()));
    }
  }

  @Test
  @Order(5)
  void aContainerWithASecretMountRunsAsAServiceOnTheWorkerAndReadsTheSecret() throws Exception {
    system.deliver(system.webhooks.networkCreated(OVERLAY));
    system.deliver(system.webhooks.containerCreated(app));

    try (DockerClient e1 = engines.engine(1).client(); DockerClient e3 = engines.engine(3).client()) {
      String workerNode = e3.infoCmd().exec().getSwarm().getNodeID();
      await("a running task of service app on engine 3's node", () -> runningTask(e1, "app", workerNode));
      Service service = e1.listServicesCmd().withNameFilter(List.of("app")).exec().get(0);
      assertThat(service.getSpec().getMode().getReplicated().getReplicas()).isEqualTo(1);
      assertThat(service.getSpec().getTaskTemplate().getPlacement().getConstraints())
          .containsExactly("node.id==" + workerNode);
      assertThat(e1.listNetworksCmd().withNameFilter("app-overlay").exec()).singleElement()
          .satisfies(n -> assertThat(n.getDriver()).isEqualTo("overlay"));

      await("the task's container on engine 3", () -> !taskContainers(e3).isEmpty());
      String container = taskContainers(e3).get(0);
      assertThat(ContainerExec.run(e3, container, "cat", "/run/secrets/app_password")).isEqualTo(SECRET_TEXT);
      system.netbox.await("PATCH", "/api/plugins/docker/containers/11/",
          b -> service.getId().equals(b.path("custom_fields").path("swarm_service_id").asString()));
      system.netbox.await("PATCH", "/api/plugins/docker/networks/10/", b -> b.path("NetworkID").isString());
    }
  }

  @Test
  @Order(6)
  void theWorkerRemovedLeavesAndTheManagersNodeListForgetsIt() throws Exception {
    Swarm before = swarm;
    swarm = swarm.withMembers(List.of(1L, 2L), List.of());
    String workerNode;
    try (DockerClient e3 = engines.engine(3).client()) {
      workerNode = e3.infoCmd().exec().getSwarm().getNodeID();
    }
    system.deliver(system.webhooks.swarmUpdated(before, swarm));

    try (DockerClient e1 = engines.engine(1).client(); DockerClient e3 = engines.engine(3).client()) {
      await("engine 3 left", () -> !active(e3));
      await("engine 1 lists two nodes", () -> e1.listSwarmNodesCmd().exec().size() == 2);
      assertThat(e1.listSwarmNodesCmd().exec()).extracting(SwarmNode::getId).doesNotContain(workerNode);
      // Its container is no longer on a swarm host: its service goes.
      await("service app removed", () -> e1.listServicesCmd().withNameFilter(List.of("app")).exec().isEmpty());
    }
  }

  @Test
  @Order(7)
  void removingTheLastManagersWhileAWorkerRemainsIsRefusedAndChangesNothing() throws Exception {
    Swarm before = swarm;
    swarm = swarm.withMembers(List.of(1L, 2L), List.of(3L));
    system.deliver(system.webhooks.swarmUpdated(before, swarm));
    try (DockerClient e1 = engines.engine(1).client(); DockerClient e3 = engines.engine(3).client()) {
      await("engine 3 joined again", () -> active(e3) && e1.listSwarmNodesCmd().exec().size() == 3);
    }
    int journalBefore = system.netbox.journalOn("swarm", 5).size();

    system.deliver(system.webhooks.swarmUpdated(swarm, swarm.withMembers(List.of(), List.of(3L))));

    JsonNode entry = system.netbox.await("POST", "/api/extras/journal-entries/",
        j -> j.path("assigned_object_id").asLong() == 5 && j.path("comments").asString().contains("last manager"))
        .body();
    assertThat(entry.path("kind").asString()).isEqualTo("danger");
    assertThat(system.netbox.journalOn("swarm", 5)).hasSizeGreaterThan(journalBefore);
    assertThat(auditRules("VIOLATION"))
        .contains("last-manager");
    JavaProcess.sleep(5000);
    try (DockerClient e1 = engines.engine(1).client(); DockerClient e2 = engines.engine(2).client();
        DockerClient e3 = engines.engine(3).client()) {
      assertThat(manager(e1) && manager(e2)).as("both managers stay").isTrue();
      assertThat(active(e3) && !manager(e3)).isTrue();
      assertThat(e1.listSwarmNodesCmd().exec()).hasSize(3);
    }
    // NetBox is put right again; still nothing to do.
    system.deliver(system.webhooks.swarmUpdated(swarm.withMembers(List.of(), List.of(3L)), swarm));
  }

  @Test
  @Order(8)
  void aLostWebhookIsCaughtUpByAResync() throws Exception {
    // NetBox removes the worker, but its webhook never arrives; NetBox's API has the new state.
    swarm = swarm.withMembers(List.of(1L, 2L), List.of());
    var nb = system.netbox;
    var w = system.webhooks;
    nb.serveList("hosts", 100, LongStream.rangeClosed(1, 4).mapToObj(w::hostData).toList());
    nb.serveList("swarms", 100, List.of(w.swarmData(swarm),
        w.swarmData(new Swarm(6, "no-manager", null, List.of(), List.of(4L)))));
    nb.serveList("secrets", 100, List.of());
    nb.serveList("secret-mounts", 100, List.of());
    nb.serveList("containers", 100, List.of(w.containerData(app)));
    nb.serveList("networks", 100, List.of(w.networkData(BRIDGE), w.networkData(OVERLAY)));

    JsonNode report = system.resync();
    assertThat(report.path("published").path("swarms").asInt()).isEqualTo(2);

    try (DockerClient e1 = engines.engine(1).client(); DockerClient e3 = engines.engine(3).client()) {
      await("engine 3 left after the resync", () -> !active(e3));
      await("engine 1 lists two nodes", () -> e1.listSwarmNodesCmd().exec().size() == 2);
    }
  }

  @Test
  @Order(9)
  void noTopicAndNoLogHoldsTheSecretOrAJoinToken() throws Exception {
    List<String> clear = new ArrayList<>(List.of(SECRET_TEXT));
    try (DockerClient e1 = engines.engine(1).client()) {
      var tokens = e1.inspectSwarmCmd().exec().getJoinTokens();
      clear.add(tokens.getWorker());
      clear.add(tokens.getManager());
    }
    List<String> needles = new ArrayList<>(clear);
    clear.forEach(c -> needles.add(Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8))));
    Map<String, Integer> scanned = TopicScan.assertNoneContains(system.broker.clientProperties("admin"), needles);
    assertThat(scanned).containsKeys("netbox.events", "agent.results", "agent.heartbeats", "swarm.audit",
        "netbox.writes", "agent.commands.1", "agent.commands.3");
    for (Path log : system.logFiles()) {
      String text = Files.readString(log);
      assertThat(text).as("log %s", log.getFileName()).isNotEmpty();
      for (String needle : needles) {
        assertThat(text).as("log %s", log.getFileName()).doesNotContain(needle);
      }
    }
  }

  private static void assertDangerJournal(String model, long id) {
    JsonNode entry = system.netbox.awaitJournal(model, id);
    assertThat(entry.path("kind").asString()).isEqualTo("danger");
  }



  private static boolean runningTask(DockerClient manager, String service, String nodeId) {
    List<Task> tasks = manager.listTasksCmd().withServiceFilter(service).exec();
    return tasks.stream().anyMatch(t -> nodeId.equals(t.getNodeId()) && t.getStatus() != null
        && t.getStatus().getState() == TaskState.RUNNING);
  }

  private static List<String> taskContainers(DockerClient docker) {
    return docker.listContainersCmd().withLabelFilter(Map.of("com.docker.swarm.service.name", "app")).exec()
        .stream().map(c -> c.getId()).toList();
  }

  private static void await(String what, Supplier<Boolean> condition) {
    long until = System.nanoTime() + WAIT.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < until) {
      try {
        if (condition.get()) {
          return;
        }
      } catch (RuntimeException e) {
        last = e; // an engine busy joining may refuse a call for a moment
      }
      JavaProcess.sleep(500);
    }
    throw new AssertionError("timed out waiting for " + what + (last == null ? "" : " (last error: " + last + ")"));
  }

  /** The rules of the audit events of that kind so far, read as any auditor reads swarm.audit. */
  private static List<String> auditRules(String kind) {
    return Records.all(system.broker.clientProperties("admin"), system.registryUrl, Topics.SWARM_AUDIT, AuditEvent.class)
        .stream().filter(e -> e.getKind().name().equals(kind)).map(AuditEvent::getRule).toList();
  }
}
