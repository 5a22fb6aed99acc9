package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.command.RemoveNode;
import io.netboxswarm.contracts.observed.LocalNodeState;
import io.netboxswarm.contracts.result.NodeOutcome;
import io.netboxswarm.testkit.Platform;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drift seen in heartbeats: a member that left by hand joins again and its old node entry is removed; a cluster
 * re-initialized by hand is reported.
 */
@ExtendWith(Platform.class)
class DriftTest extends Scenario {

  private static final long SWARM = 5;

  @Test
  void aMemberThatLeftByHandJoinsAgain() {
    String cluster = formSwarm(SWARM, List.of(1L), List.of(4L));
    HostCommand first = agents.await(4, JoinSwarm.class);

    agents.idle(4, address(4)); // someone ran `docker swarm leave` on host 4

    AuditEvent drift = audit.await(AuditKind.DRIFT, "member-left");
    assertThat(drift.getHostId()).isEqualTo(4);
    agents.awaitCount(4, JoinSwarm.class, 2);
    List<HostCommand> joins = agents.to(4);
    assertThat(joins).hasSize(2);
    assertThat(joins.get(1).getCommandId()).isNotEqualTo(first.getCommandId());
    assertThat(((JoinSwarm) joins.get(1).getAction()).getClusterId()).isEqualTo(cluster);
    agents.succeed(joins.get(1), agents.workerOutcome(cluster, "node-4b", List.of(address(1) + ":2377")));
    // Its old entry, left in the manager's node list, is removed there once down.
    HostCommand forget = agents.await(1, RemoveNode.class);
    assertThat(((RemoveNode) forget.getAction()).getNodeId()).isEqualTo(nodeId(4));
    assertThat(((RemoveNode) forget.getAction()).getOnlyWhenDown()).isTrue();
    agents.succeed(forget, new NodeOutcome(nodeId(4)));
    awaitMembers(SWARM, 2);
    // The same heartbeat again, or one saying it is back, does not make it join a third time.
    agents.heartbeat(4, address(4), LocalNodeState.ACTIVE, null, "node-4b", NodeRole.WORKER);
    agents.assertQuiet(Duration.ofSeconds(1), 4);
    assertThat(agents.count(4, JoinSwarm.class)).isEqualTo(2);
    assertThat(agents.count(1, RemoveNode.class)).isEqualTo(1);
  }

  @Test
  void aClusterReinitializedByHandIsReportedAndLeftAlone() {
    formSwarm(SWARM, List.of(1L), List.of(4L));
    int before = agents.received().size();

    agents.heartbeat(1, address(1), LocalNodeState.ACTIVE, "cluster-by-hand", "node-1x", NodeRole.MANAGER);

    AuditEvent drift = audit.await(AuditKind.DRIFT, "cluster-replaced");
    assertThat(drift.getSeverity()).isEqualTo(Severity.DANGER);
    assertThat(drift.getMessage()).contains("cluster-by-hand");
    var journal = netbox.awaitJournal("swarm", SWARM);
    assertThat(journal.path("kind").asString()).isEqualTo("danger");
    agents.assertQuiet(Duration.ofSeconds(1), 1, 4);
    assertThat(agents.received()).hasSize(before);
  }
}
