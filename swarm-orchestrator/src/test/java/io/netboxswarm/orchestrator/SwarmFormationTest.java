package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netboxswarm.contracts.NodeAvailability;
import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.command.LeaveSwarm;
import io.netboxswarm.contracts.command.RemoveNode;
import io.netboxswarm.contracts.command.UpdateNode;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.ObjectType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.netboxswarm.testkit.Platform;

/** A swarm of three managers and two workers formed from NetBox events, then a worker and a manager removed. */
@ExtendWith(Platform.class)
class SwarmFormationTest extends Scenario {

  private static final long SWARM = 5;

  @Test
  void formsThreeManagersAndTwoWorkersManagersOneAtATime() {
    idleHosts(1, 2, 3, 4, 5);
    events.send(EventKind.CREATED, ObjectType.SWARM, SWARM, null, Events.swarm(SWARM, List.of(1L, 2L, 3L),
        List.of(4L, 5L)));

    // The first manager initializes, advertising the address its agent reported (the Swarm has no advertise_addr).
    HostCommand init = agents.await(1, InitSwarm.class);
    InitSwarm initAction = (InitSwarm) init.getAction();
    assertThat(initAction.getAdvertiseAddr()).isEqualTo(address(1));
    assertThat(initAction.getListenAddr()).isEqualTo("0.0.0.0:2377");
    assertThat(init.getSwarmId()).isEqualTo(SWARM);
    assertThat(init.getDeadline()).isAfter(init.getIssuedAt());
    // Nobody joins a cluster that does not exist yet.
    agents.assertQuiet(Duration.ofSeconds(1), 2, 3, 4, 5);

    String cluster = "cluster-A";
    agents.succeed(init, agents.managerOutcome(cluster, nodeId(1), List.of(address(1) + ":2377")));

    // Then one manager at a time, and the workers in parallel with it.
    HostCommand join2 = agents.await(2, JoinSwarm.class);
    HostCommand join4 = agents.await(4, JoinSwarm.class);
    HostCommand join5 = agents.await(5, JoinSwarm.class);
    agents.assertQuiet(Duration.ofSeconds(1), 3);

    JoinSwarm manager2 = (JoinSwarm) join2.getAction();
    assertThat(manager2.getRole()).isEqualTo(NodeRole.MANAGER);
    assertThat(manager2.getClusterId()).isEqualTo(cluster);
    assertThat(manager2.getRemoteAddrs()).containsExactly(address(1) + ":2377");
    assertThat(manager2.getAdvertiseAddr()).isEqualTo(address(2));
    // The token is the manager token, sealed for host 2's agent and for nothing else.
    assertThat(manager2.getJoinToken().getRecipient()).isEqualTo("host-2");
    assertThat(keys.openAsHost(2, manager2.getJoinToken(), SealingContext.joinTokenForHost(2, cluster, "manager")))
        .isEqualTo(Agents.managerToken(cluster));
    assertThatThrownBy(() -> keys.openAsHost(3, manager2.getJoinToken(),
        SealingContext.joinTokenForHost(3, cluster, "manager"))).isInstanceOf(RuntimeException.class);
    JoinSwarm worker4 = (JoinSwarm) join4.getAction();
    assertThat(worker4.getRole()).isEqualTo(NodeRole.WORKER);
    assertThat(keys.openAsHost(4, worker4.getJoinToken(), SealingContext.joinTokenForHost(4, cluster, "worker")))
        .isEqualTo(Agents.workerToken(cluster));

    agents.succeed(join2, agents.managerOutcome(cluster, nodeId(2), List.of(address(1) + ":2377",
        address(2) + ":2377")));
    HostCommand join3 = agents.await(3, JoinSwarm.class);
    assertThat(((JoinSwarm) join3.getAction()).getRemoteAddrs())
        .containsExactlyInAnyOrder(address(1) + ":2377", address(2) + ":2377");
    agents.succeed(join3, agents.managerOutcome(cluster, nodeId(3), List.of(address(1) + ":2377",
        address(2) + ":2377", address(3) + ":2377")));
    agents.succeed(join4, agents.workerOutcome(cluster, nodeId(4), List.of(address(1) + ":2377")));
    agents.succeed(join5, agents.workerOutcome(cluster, nodeId(5), List.of(address(1) + ":2377")));

    awaitMembers(SWARM, 5);
    var status = orchestrator.swarmStatus(SWARM);
    assertThat(status.path("clusterId").asString()).isEqualTo(cluster);
    assertThat(status.path("members").valueStream().map(m -> m.path("hostId").asLong() + ":"
        + m.path("role").asString()).toList())
        .containsExactly("1:MANAGER", "2:MANAGER", "3:MANAGER", "4:WORKER", "5:WORKER");
    assertThat(status.toString()).doesNotContain("SWMTKN");

    // Exactly one init, one join per host.
    assertThat(agents.count(1, InitSwarm.class)).isEqualTo(1);
    for (long host = 2; host <= 5; host++) {
      assertThat(agents.count(host, JoinSwarm.class)).as("joins of host %d", host).isEqualTo(1);
    }
    // Every command went to its host's own topic and was audited.
    audit.await(AuditKind.COMMAND_ISSUED, "init");
    assertThat(audit.of(AuditKind.COMMAND_ISSUED, "join")).hasSize(4);
    // Three managers: an odd number, no quorum warning.
    agents.assertQuiet(Duration.ofMillis(500));
    assertThat(audit.of(AuditKind.WARNING, "quorum")).isEmpty();
  }

  @Test
  void aRemovedWorkerIsDrainedLeavesAndIsRemovedFromTheNodeList() {
    String cluster = formSwarm(SWARM, List.of(1L), List.of(4L, 5L));

    events.swarmChanged(SWARM, List.of(1L), List.of(4L));

    HostCommand drain = agents.await(1, UpdateNode.class, u -> u.getAvailability() == NodeAvailability.DRAIN);
    assertThat(((UpdateNode) drain.getAction()).getNodeId()).isEqualTo(nodeId(5));
    agents.assertQuiet(Duration.ofMillis(700), 5); // it leaves only once drained
    agents.succeed(drain, null);

    HostCommand leave = agents.await(5, LeaveSwarm.class);
    LeaveSwarm leaveAction = (LeaveSwarm) leave.getAction();
    assertThat(leaveAction.getClusterId()).isEqualTo(cluster);
    assertThat(leaveAction.getForce()).isFalse();
    agents.succeed(leave, null);

    HostCommand remove = agents.await(1, RemoveNode.class);
    assertThat(((RemoveNode) remove.getAction()).getNodeId()).isEqualTo(nodeId(5));
    agents.succeed(remove, null);

    awaitMembers(SWARM, 2);
    // NetBox learns that host 5 is in no swarm any more.
    netbox.await("PATCH", "/api/plugins/docker/hosts/5/", b -> b.path("custom_fields").path("swarm_node_id")
        .isNull() && b.path("custom_fields").path("swarm_role").isNull());
    // Nothing else happened to the remaining worker.
    assertThat(agents.to(4).stream().map(c -> c.getAction().getClass().getSimpleName()).toList())
        .containsExactly("JoinSwarm");

    // Listed again later, it joins again: a new command, not the first join's stored result.
    HostCommand firstJoin = agents.to(5).get(0);
    events.swarmChanged(SWARM, List.of(1L), List.of(4L, 5L));
    agents.awaitCount(5, JoinSwarm.class, 2);
    assertThat(agents.count(5, JoinSwarm.class)).isEqualTo(2);
    assertThat(agents.to(5).get(agents.to(5).size() - 1).getCommandId()).isNotEqualTo(firstJoin.getCommandId());
  }

  @Test
  void aRemovedManagerIsDemotedFirstAndTheEvenCountIsWarned() {
    formSwarm(SWARM, List.of(1L, 2L, 3L), List.of(4L));

    events.swarmChanged(SWARM, List.of(1L, 2L), List.of(4L));

    HostCommand demote = agents.await(1, UpdateNode.class, u -> u.getRole() == NodeRole.WORKER);
    assertThat(((UpdateNode) demote.getAction()).getNodeId()).isEqualTo(nodeId(3));
    // Not drained, not leaving, before it is demoted.
    agents.assertQuiet(Duration.ofMillis(700), 3);
    assertThat(agents.count(1, UpdateNode.class)).isEqualTo(1);
    agents.succeed(demote, null);

    HostCommand drain = agents.await(1, UpdateNode.class, u -> u.getAvailability() == NodeAvailability.DRAIN);
    assertThat(((UpdateNode) drain.getAction()).getNodeId()).isEqualTo(nodeId(3));
    agents.succeed(drain, null);
    agents.succeed(agents.await(3, LeaveSwarm.class), null);
    HostCommand remove = agents.await(1, RemoveNode.class);
    assertThat(((RemoveNode) remove.getAction()).getNodeId()).isEqualTo(nodeId(3));
    agents.succeed(remove, null);
    awaitMembers(SWARM, 3);

    var warning = audit.await(AuditKind.WARNING, "quorum");
    assertThat(warning.getMessage()).contains("2 managers");
  }

  @Test
  void aDeletedSwarmIsTakenApartWorkersFirstThenTheLastManagerLeavesWithForce() {
    String cluster = formSwarm(SWARM, List.of(1L), List.of(4L));

    events.send(EventKind.DELETED, ObjectType.SWARM, SWARM, Events.swarm(SWARM, List.of(1L), List.of(4L)), null);

    agents.succeed(agents.await(1, UpdateNode.class, u -> u.getAvailability() == NodeAvailability.DRAIN), null);
    // The last manager stays until the worker is gone.
    agents.assertQuiet(Duration.ofMillis(700), 1);
    assertThat(agents.count(1, LeaveSwarm.class)).isZero();
    agents.succeed(agents.await(4, LeaveSwarm.class), null);
    agents.succeed(agents.await(1, RemoveNode.class), null);

    HostCommand dissolve = agents.await(1, LeaveSwarm.class);
    assertThat(((LeaveSwarm) dissolve.getAction()).getForce()).isTrue();
    assertThat(((LeaveSwarm) dissolve.getAction()).getClusterId()).isEqualTo(cluster);
    agents.succeed(dissolve, null);
    netbox.await("PATCH", "/api/plugins/docker/hosts/1/", b -> b.path("custom_fields").path("swarm_node_id")
        .isNull());
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
        orchestrator.get("/status/swarms/" + SWARM).statusCode()).as("swarm %d still in the status", SWARM)
        .isEqualTo(404));
    // The Swarm is gone from NetBox: nothing is written to it.
    assertThat(netbox.requests("PATCH", "/api/plugins/docker/swarms/5/")).hasSize(1);
  }
}
