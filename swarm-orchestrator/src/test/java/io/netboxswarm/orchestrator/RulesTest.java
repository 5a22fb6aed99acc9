package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.command.CreateNetwork;
import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.netbox.Container;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.ImageRef;
import io.netboxswarm.contracts.netbox.Network;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.SecretMount;
import io.netboxswarm.contracts.result.NetworkOutcome;
import io.netboxswarm.testkit.Platform;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The proposal's rules, each broken on purpose. NetBox has already saved the change, so a violation is not refused:
 * no Docker command is sent for it, an audit event says which rule, and NetBox gets a danger journal entry on the
 * offending object.
 */
@ExtendWith(Platform.class)
class RulesTest extends Scenario {

  @AfterEach
  void netboxReceivedOnlyWhatItAccepts() {
    assertThat(netbox.unmatched()).isEmpty();
  }

  @Test
  void aWorkerAddedToASwarmWithNoManagerDoesNotJoinUntilAManagerExists() {
    idleHosts(7, 8);
    events.send(EventKind.CREATED, ObjectType.SWARM, 6, null, Events.swarm(6, List.of(), List.of(7L)));

    AuditEvent violation = audit.await(AuditKind.VIOLATION, "worker-needs-manager");
    assertViolation(violation, "swarm", 6);
    assertDangerJournal("swarm", 6, "no manager");
    agents.assertQuiet(Duration.ofSeconds(1), 7);
    assertThat(agents.to(7)).isEmpty();

    // NetBox gets a manager: the swarm is formed and the worker joins.
    events.swarmChanged(6, List.of(8L), List.of(7L));
    HostCommand init = agents.await(8, InitSwarm.class);
    agents.succeed(init, agents.managerOutcome("cluster-6", nodeId(8), List.of(address(8) + ":2377")));
    agents.await(7, JoinSwarm.class);
  }

  @Test
  void aHostInTwoSwarmsStaysInTheFirst() {
    formSwarm(8, List.of(1L), List.of());

    events.send(EventKind.CREATED, ObjectType.SWARM, 9, null, Events.swarm(9, List.of(1L), List.of()));

    AuditEvent violation = audit.await(AuditKind.VIOLATION, "host-in-two-swarms");
    assertViolation(violation, "swarm", 9);
    assertThat(violation.getHostId()).isEqualTo(1);
    assertThat(violation.getMessage()).contains("already in swarm 8");
    assertDangerJournal("swarm", 9, "at most one swarm");
    agents.assertQuiet(Duration.ofSeconds(1), 1);
    assertThat(agents.count(1, InitSwarm.class)).isEqualTo(1);
    assertThat(agents.received()).allMatch(c -> c.getSwarmId() == 8);
  }

  @Test
  void aHostTwiceInOneSwarmIsLeftAsItIs() {
    idleHosts(2);
    events.send(EventKind.CREATED, ObjectType.SWARM, 10, null, Events.swarm(10, List.of(2L), List.of(2L)));

    AuditEvent violation = audit.await(AuditKind.VIOLATION, "host-twice-in-swarm");
    assertViolation(violation, "swarm", 10);
    assertDangerJournal("swarm", 10, "more than once");
    agents.assertQuiet(Duration.ofSeconds(1), 2);
    assertThat(agents.to(2)).isEmpty();
  }

  @Test
  void onASwarmHostOnlyOverlayNetworksAreCreated() {
    formSwarm(11, List.of(3L), List.of());

    events.network(Network.newBuilder().setId(30).setHost(3L).setName("plain").setDriver("bridge")
        .setState("creating").build());
    AuditEvent violation = audit.await(AuditKind.VIOLATION, "overlay-only");
    assertViolation(violation, "network", 30);
    assertDangerJournal("network", 30, "only overlay networks");

    events.network(Network.newBuilder().setId(31).setHost(3L).setName("backend").setDriver("overlay")
        .setState("creating").build());
    HostCommand create = agents.await(3, CreateNetwork.class);
    CreateNetwork network = (CreateNetwork) create.getAction();
    assertThat(network.getName()).isEqualTo("backend");
    assertThat(network.getDriver()).isEqualTo("overlay");
    assertThat(agents.count(3, CreateNetwork.class)).as("nothing for the bridge network").isEqualTo(1);
    agents.succeed(create, new NetworkOutcome("net-backend-1"));
    JsonNode patch = netbox.await("PATCH", "/api/plugins/docker/networks/31/",
        b -> b.path("NetworkID").asString().equals("net-backend-1")).body();
    assertThat(patch.path("state").asString()).isEqualTo("created");
    assertThat(netbox.requests("PATCH", "/api/plugins/docker/networks/30/")).isEmpty();
  }

  @Test
  void aSecretMountOfAnotherSwarmsSecretIsNeverMounted() {
    formSwarm(12, List.of(4L), List.of());
    formSwarm(13, List.of(5L), List.of());
    events.secret(io.netboxswarm.contracts.netbox.Secret.newBuilder().setId(40).setSwarm(13L).setName("db-password")
        .setData(keys.sealForOrchestrator("hunter2", io.netboxswarm.contracts.SealingContext.netboxSecret(40)))
        .build());
    agents.await(5, io.netboxswarm.contracts.command.CreateSecret.class); // created in its own swarm only

    // A SecretMount object added to a running container: its service is not changed to mount it.
    events.container(container(50, 4, "app"));
    HostCommand create = agents.await(4, CreateService.class);
    agents.succeed(create, new io.netboxswarm.contracts.result.ServiceOutcome("svc-50"));
    events.secretMount(SecretMount.newBuilder().setId(60).setContainer(50L).setSecret(40L)
        .setSecretName("db-password").setTarget("db").build());
    AuditEvent violation = audit.await(AuditKind.VIOLATION, "secret-of-other-swarm");
    assertViolation(violation, "secretmount", 60);
    assertThat(violation.getMessage()).contains("swarm 13").doesNotContain("hunter2");
    assertDangerJournal("secretmount", 60, "swarm 13");

    // A container whose payload nests the mount gets no service at all.
    events.container(Container.newBuilder(container(52, 4, "worker-app")).setSecretMounts(List.of(
        io.netboxswarm.contracts.netbox.ContainerSecretMount.newBuilder().setSecret(40).setSecretName("db-password")
            .setTarget("db").build())).build());
    assertViolation(audit.await(AuditKind.VIOLATION, "secret-of-other-swarm", e -> "container".equals(
        e.getObjectType())), "container", 52);
    assertDangerJournal("container", 52, "swarm 13");
    agents.assertQuiet(Duration.ofSeconds(1), 4);
    assertThat(agents.count(4, CreateService.class)).isEqualTo(1);
    assertThat(agents.count(4, io.netboxswarm.contracts.command.UpdateService.class)).isZero();
    assertThat(agents.count(4, io.netboxswarm.contracts.command.CreateSecret.class)).isZero();
  }

  @Test
  void aContainerOnAHostWithoutANodeIdYetWaitsThenRunsPinnedToIt() {
    idleHosts(6, 7);
    events.send(EventKind.CREATED, ObjectType.SWARM, 14, null, Events.swarm(14, List.of(6L), List.of(7L)));
    events.container(container(51, 7, "web"));
    HostCommand init = agents.await(6, InitSwarm.class);
    agents.succeed(init, agents.managerOutcome("cluster-14", nodeId(6), List.of(address(6) + ":2377")));
    HostCommand join = agents.await(7, JoinSwarm.class);

    // While host 7's join is pending it has no node id. Waiting is no violation: an informational decision.
    AuditEvent waiting = audit.await(AuditKind.DECISION, "service", e -> e.getObjectId() != null
        && e.getObjectId() == 51);
    assertThat(waiting.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(waiting.getMessage()).contains("waits for host 7");
    agents.assertQuiet(Duration.ofMillis(500), 6);
    assertThat(agents.count(6, CreateService.class)).isZero();
    agents.succeed(join, agents.workerOutcome("cluster-14", nodeId(7), List.of(address(6) + ":2377")));

    HostCommand create = agents.await(6, CreateService.class);
    var spec = ((CreateService) create.getAction()).getSpec();
    assertThat(spec.getPlacementConstraints()).containsExactly("node.id==" + nodeId(7));
    assertThat(spec.getReplicas()).isEqualTo(1);
    assertThat(netbox.journalOn("container", 51)).isEmpty();
  }

  @Test
  void theLastManagerIsNotRemovedWhileWorkersRemain() {
    formSwarm(15, List.of(8L), List.of(9L));
    int before = agents.received().size();

    events.swarmChanged(15, List.of(), List.of(9L));

    AuditEvent violation = audit.await(AuditKind.VIOLATION, "last-manager");
    assertViolation(violation, "swarm", 15);
    assertDangerJournal("swarm", 15, "last manager");
    agents.assertQuiet(Duration.ofSeconds(1), 8, 9);
    assertThat(agents.received()).hasSize(before);
    awaitMembers(15, 2);
    // The status API says so too: the violation in force, on the swarm, naming the manager it keeps.
    var status = orchestrator.swarmStatus(15);
    assertThat(status.path("violations")).singleElement().satisfies(v -> {
      assertThat(v.path("rule").asString()).isEqualTo("last-manager");
      assertThat(v.path("severity").asString()).isEqualTo("DANGER");
      assertThat(v.path("message").asString()).contains("removal of manager host 8 from swarm 15 is refused");
    });
    assertThat(status.path("objects").path("swarm:15")).hasSize(1);
  }

  static Container container(long id, long host, String name) {
    return Container.newBuilder().setId(id).setHost(host).setName(name).setState("none")
        .setImage(ImageRef.newBuilder().setId(1).setName("busybox").setVersion("latest")
            .setImageId("sha256:0123456789abcdef").build())
        .setCmd(List.of("sleep", "3600")).setRestartPolicy("always").build();
  }

  private static void assertViolation(AuditEvent violation, String objectType, long objectId) {
    assertThat(violation.getSeverity()).isEqualTo(Severity.DANGER);
    assertThat(violation.getObjectType()).isEqualTo(objectType);
    assertThat(violation.getObjectId()).isEqualTo(objectId);
    assertThat(violation.getCausationId()).as("names the NetBox event that caused it").startsWith("evt-");
  }

  private void assertDangerJournal(String model, long id, String says) {
    JsonNode entry = netbox.awaitJournal(model, id);
    assertThat(entry.path("kind").asString()).isEqualTo("danger");
    assertThat(entry.path("comments").asString()).contains(says);
  }
}
