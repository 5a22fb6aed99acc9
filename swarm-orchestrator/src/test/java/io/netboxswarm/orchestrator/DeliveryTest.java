package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.testkit.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What Kafka and NetBox really deliver: events twice, late and out of order, resync snapshots, results twice and
 * out of order, results for commands nobody sent, retryable and permanent failures.
 */
@ExtendWith(Platform.class)
class DeliveryTest extends Scenario {

  private static final long SWARM = 5;

  @Test
  void duplicatedAndReorderedResultsAreHarmless() {
    idleHosts(1, 4, 5);
    events.send(EventKind.CREATED, ObjectType.SWARM, SWARM, null, Events.swarm(SWARM, List.of(1L),
        List.of(4L, 5L)));
    HostCommand init = agents.await(1, InitSwarm.class);
    var outcome = agents.managerOutcome("cluster-D", nodeId(1), List.of(address(1) + ":2377"));
    agents.succeed(init, outcome);
    agents.succeed(init, outcome);
    agents.reply(init, CommandStatus.ALREADY_DONE, outcome);
    // A result for a command nobody sent, and one from the wrong host, change nothing.
    agents.succeed(HostCommand.newBuilder(init).setCommandId("cmd-unknown").build(), outcome);
    agents.succeed(HostCommand.newBuilder(init).setHostId(4).build(), outcome);

    HostCommand join4 = agents.await(4, JoinSwarm.class);
    HostCommand join5 = agents.await(5, JoinSwarm.class);
    agents.succeed(join5, agents.workerOutcome("cluster-D", nodeId(5), List.of(address(1) + ":2377")));
    agents.succeed(join4, agents.workerOutcome("cluster-D", nodeId(4), List.of(address(1) + ":2377")));
    agents.succeed(join5, agents.workerOutcome("cluster-D", nodeId(5), List.of(address(1) + ":2377")));
    awaitMembers(SWARM, 3);
    agents.assertQuiet(Duration.ofSeconds(1));

    assertThat(agents.count(1, InitSwarm.class)).isEqualTo(1);
    assertThat(agents.count(4, JoinSwarm.class)).isEqualTo(1);
    assertThat(agents.count(5, JoinSwarm.class)).isEqualTo(1);
    assertThat(netbox.requests("PATCH", "/api/plugins/docker/swarms/" + SWARM + "/")).hasSize(1);
    assertThat(netbox.requests("PATCH", "/api/plugins/docker/hosts/5/")).hasSize(1);
    assertThat(audit.of(AuditKind.COMMAND_OUTCOME, "init")).as("one outcome per command").hasSize(1);
  }

  @Test
  void lateDuplicatedEventsAndSnapshotsChangeNothing() {
    idleHosts(1, 4, 5);
    Instant t0 = events.now().plusSeconds(10);
    NetboxEvent created = events.send(EventKind.CREATED, ObjectType.SWARM, SWARM, null,
        Events.swarm(SWARM, List.of(1L), List.of()), t0);
    NetboxEvent newer = events.send(EventKind.UPDATED, ObjectType.SWARM, SWARM, null,
        Events.swarm(SWARM, List.of(1L), List.of(4L)), t0.plusSeconds(2));
    // Older than what was applied: must not remove worker 4 again, nor add 5.
    events.send(EventKind.UPDATED, ObjectType.SWARM, SWARM, null, Events.swarm(SWARM, List.of(1L), List.of(5L)),
        t0.plusSeconds(1));
    events.sendRaw(created);
    events.sendRaw(newer);

    HostCommand init = agents.await(1, InitSwarm.class);
    agents.succeed(init, agents.managerOutcome("cluster-E", nodeId(1), List.of(address(1) + ":2377")));
    HostCommand join = agents.await(4, JoinSwarm.class);
    agents.succeed(join, agents.workerOutcome("cluster-E", nodeId(4), List.of(address(1) + ":2377")));
    awaitMembers(SWARM, 2);

    // A resync snapshot of the same swarm is applied like an update: same state, nothing to do.
    events.send(EventKind.SNAPSHOT, ObjectType.SWARM, SWARM, null, Events.swarm(SWARM, List.of(1L), List.of(4L)),
        t0.plusSeconds(30));
    agents.assertQuiet(Duration.ofSeconds(1));
    assertThat(agents.to(5)).isEmpty();
    assertThat(agents.received()).hasSize(2);

    // A snapshot that differs is a change like any other.
    events.send(EventKind.SNAPSHOT, ObjectType.SWARM, SWARM, null,
        Events.swarm(SWARM, List.of(1L), List.of(4L, 5L)), t0.plusSeconds(40));
    agents.await(5, JoinSwarm.class);
  }

  @Test
  void aRetryableFailureIsRetriedWithTheSameCommandAndAPermanentOneStopsItsHost() {
    formSwarm(SWARM, List.of(1L), List.of());
    events.swarmChanged(SWARM, List.of(1L), List.of(4L));
    HostCommand join = agents.await(4, JoinSwarm.class);
    agents.fail(join, "ENGINE_UNAVAILABLE", true);

    // Sent again after the backoff, with the same id: the agent recognises it.
    agents.awaitCount(4, JoinSwarm.class, 2);
    List<HostCommand> joins = agents.to(4);
    assertThat(joins).hasSize(2);
    assertThat(joins.get(1).getCommandId()).isEqualTo(join.getCommandId());
    assertThat(audit.await(AuditKind.COMMAND_ISSUED, "join", e -> e.getMessage().contains("attempt 2")))
        .isNotNull();

    // The engine says it is in another cluster: never forced out, reported on the host, whose join stops.
    agents.fail(joins.get(1), "FOREIGN_CLUSTER", false);
    AuditEvent foreign = audit.await(AuditKind.VIOLATION, "foreign-cluster");
    assertThat(foreign.getSeverity()).isEqualTo(Severity.DANGER);
    assertThat(foreign.getObjectType()).isEqualTo("host");
    assertThat(foreign.getObjectId()).isEqualTo(4);
    var journal = netbox.awaitJournal("host", 4);
    assertThat(journal.path("kind").asString()).isEqualTo("danger");
    assertThat(journal.path("comments").asString()).contains("FOREIGN_CLUSTER");
    assertThat(orchestrator.swarmStatus(SWARM).path("blockedBy").isNull()).as("only host 4 is stopped").isTrue();
    assertThat(orchestrator.swarmStatus(SWARM).path("violations").toString()).contains("foreign-cluster",
        "FOREIGN_CLUSTER");
    assertThat(orchestrator.swarmStatus(SWARM).path("objects").path("host:4").toString()).contains("FOREIGN_CLUSTER");
    idleHosts(4);
    agents.assertQuiet(Duration.ofSeconds(1), 1, 4);
    assertThat(agents.count(4, JoinSwarm.class)).isEqualTo(2);

    // NetBox changes the swarm (which lists the host): its join is tried again, as a new command.
    events.swarmChanged(SWARM, List.of(1L), List.of(4L, 5L));
    idleHosts(5);
    agents.await(5, JoinSwarm.class);
    agents.awaitCount(4, JoinSwarm.class, 3);
    List<HostCommand> all = agents.to(4);
    assertThat(all).hasSize(3);
    assertThat(all.get(2).getCommandId()).as("a fresh command id for the resumed join")
        .isNotEqualTo(join.getCommandId());
  }
}
