package io.netboxswarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeState;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.docker.ContainerExec;
import io.netboxswarm.testkit.docker.DockerEngines;
import io.netboxswarm.testkit.docker.Engines;
import io.netboxswarm.testkit.netbox.NetboxObjects.Container;
import io.netboxswarm.testkit.netbox.NetboxObjects.Secret;
import io.netboxswarm.testkit.netbox.NetboxObjects.SecretMount;
import io.netboxswarm.testkit.netbox.NetboxObjects.Swarm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped system on real engines, after its first day: a Secret's data changed in NetBox reaches the service's
 * task under the same path while the old Docker secret goes; a secret Docker would refuse is refused up front on the
 * Secret while another one of the same swarm is made; a worker made to leave by hand joins again and the manager's
 * node list shows one entry per host, as if freshly formed.
 */
@ExtendWith({Platform.class, DockerEngines.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsAndRepairTest {

  private static final String FIRST = "first-" + UUID.randomUUID();
  private static final String SECOND = "second-" + UUID.randomUUID();
  private static final Secret SECRET = new Secret(9, 5, "app_password", FIRST.getBytes(StandardCharsets.UTF_8));

  static NetboxSwarmSystem system;
  static Engines engines;
  static Swarm swarm;

  @BeforeAll
  static void start(Engines fixture) throws Exception {
    engines = fixture;
    engines.resetSwarms();
    swarm = new Swarm(5, "prod-swarm", engines.engine(1).address() + ":2377", List.of(1L), List.of(2L));
    system = new NetboxSwarmSystem(engines).start();
  }

  @AfterAll
  static void stop() {
    if (system != null) {
      system.close();
    }
    if (engines != null) {
      engines.resetSwarms();
    }
  }

  @Test
  @Order(1)
  void aChangedSecretBecomesANewDockerSecretTheTaskReadsAtTheSamePathAndTheOldOneGoes() throws Exception {
    system.deliver(system.webhooks.swarmCreated(swarm));
    system.deliver(system.webhooks.secretCreated(SECRET, swarm));
    system.deliver(system.webhooks.containerCreated(new Container(11, 2, "app", engines.serviceImageId(),
        List.of("sleep", "3600"), List.of(),
        List.of(new SecretMount(9, "app_password", "app_password", "0", "0", 0444)), "always")));
    try (DockerClient e1 = engines.engine(1).client(); DockerClient e2 = engines.engine(2).client()) {
      waiting("the task on engine 2 reads the first data").until(() -> taskReads(e2, FIRST));

      system.deliver(system.webhooks.secretUpdated(SECRET, new Secret(9, 5, "app_password",
          SECOND.getBytes(StandardCharsets.UTF_8)), swarm));

      waiting("the task reads the new data at /run/secrets/app_password").until(() -> taskReads(e2, SECOND));
      waiting("only the new version is left on the manager").until(() -> secretNames(e1)
          .equals(List.of("app_password-v2")));
      String id = e1.listSecretsCmd().withNameFilter(List.of("app_password-v2")).exec().get(0).getId();
      system.netbox.await("PATCH", "/api/plugins/docker/secrets/9/", b -> id.equals(b.path("SecretID").asString()));
    }
  }

  @Test
  @Order(2)
  void aSecretOverDockersLimitIsRefusedUpFrontOnTheSecretWhileAnotherIsCreated() throws Exception {
    byte[] huge = new byte[600 * 1024];
    Arrays.fill(huge, (byte) 'x');
    system.deliver(system.webhooks.secretCreated(new Secret(12, 5, "huge", huge), swarm));
    system.deliver(system.webhooks.secretCreated(new Secret(13, 5, "small", "ok".getBytes(StandardCharsets.UTF_8)),
        swarm));

    try (DockerClient e1 = engines.engine(1).client()) {
      waiting("secret small on the manager").until(() -> secretNames(e1).contains("small"));
      var entry = system.netbox.awaitJournal("secret", 12);
      assertThat(entry.path("kind").asString()).isEqualTo("danger");
      assertThat(entry.path("comments").asString()).contains("'huge'", "NetBox secret 12", "500 KiB");
      assertThat(secretNames(e1)).doesNotContain("huge");
      assertThat(system.netbox.journalOn("swarm", 5)).as("nothing lands on the swarm").isEmpty();
    }
  }

  @Test
  @Order(3)
  void aWorkerMadeToLeaveByHandJoinsAgainAndTheManagerListsOneNodePerHost() throws Exception {
    try (DockerClient e1 = engines.engine(1).client(); DockerClient e2 = engines.engine(2).client()) {
      String before = e2.infoCmd().exec().getSwarm().getNodeID();
      e2.leaveSwarmCmd().withForceEnabled(true).exec();

      waiting("engine 2 joined again under a new node id").until(() -> {
        var local = e2.infoCmd().exec().getSwarm();
        return local.getLocalNodeState() == LocalNodeState.ACTIVE && !before.equals(local.getNodeID());
      });
      waiting("the manager lists one entry per host, all ready").until(() -> {
        List<SwarmNode> nodes = e1.listSwarmNodesCmd().exec();
        return nodes.size() == 2 && nodes.stream().map(n -> n.getDescription().getHostname()).distinct().count() == 2
            && nodes.stream().allMatch(n -> n.getStatus().getState() == SwarmNodeState.READY);
      });
      assertThat(e1.listSwarmNodesCmd().exec()).extracting(SwarmNode::getId).doesNotContain(before);
      waiting("the service runs again on the re-joined node").until(() -> taskReads(e2, SECOND));
    }
  }

  private static ConditionFactory waiting(String what) {
    return await(what).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions(); // an engine busy joining may refuse a call for a moment
  }

  private static List<String> secretNames(DockerClient manager) {
    return manager.listSecretsCmd().exec().stream().map(s -> s.getSpec().getName()).sorted().toList();
  }

  /** Whether a running task container of service app on this engine reads that text at its secret's path. */
  private static boolean taskReads(DockerClient docker, String text) throws InterruptedException {
    for (var c : docker.listContainersCmd().withLabelFilter(Map.of("com.docker.swarm.service.name", "app")).exec()) {
      if ("running".equals(c.getState())
          && text.equals(ContainerExec.run(docker, c.getId(), "cat", "/run/secrets/app_password"))) {
        return true;
      }
    }
    return false;
  }
}
