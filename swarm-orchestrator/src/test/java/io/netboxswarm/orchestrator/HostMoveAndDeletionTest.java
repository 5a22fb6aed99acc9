package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.command.LeaveSwarm;
import io.netboxswarm.contracts.command.RemoveNode;
import io.netboxswarm.contracts.command.UpdateNode;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.result.NodeOutcome;
import io.netboxswarm.contracts.writeback.NetboxWrite;
import io.netboxswarm.orchestrator.commands.Outbox;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker moved between swarms, and a deleted Host, as NetBox sends them (fast tier, no broker): the move raises
 * no violation while the host leaves its old swarm, and a Host NetBox deleted gets no write-back.
 */
@Tag("fast")
class HostMoveAndDeletionTest {

  @TempDir
  Path tmp;
  InProcessReconciler orchestrator;

  @BeforeEach
  void swarmFiveWithAWorker() {
    orchestrator = new InProcessReconciler(tmp);
    orchestrator.formSwarm(5, List.of(1L), List.of(2L));
  }

  @Test
  void aWorkerMovedAsTwoUpdatesRaisesNoViolationAndJoinsOnceItLeft() {
    orchestrator.formSwarm(6, List.of(3L), List.of());

    orchestrator.event(ObjectType.SWARM, 5, Events.swarm(5, List.of(1L), List.of())); // A's update first
    orchestrator.event(ObjectType.SWARM, 6, Events.swarm(6, List.of(3L), List.of(2L))); // then B's
    assertThat(orchestrator.commands(2, JoinSwarm.class)).as("not before it left swarm 5").hasSize(1);
    leaves(2);

    HostCommand join = orchestrator.last(2, JoinSwarm.class);
    assertThat(join.getSwarmId()).isEqualTo(6);
    assertThat(((JoinSwarm) join.getAction()).getRemoteAddrs()).containsExactly(InProcessReconciler.address(3)
        + ":2377");
    assertThat(orchestrator.audits()).noneMatch(a -> a.getKind() == AuditKind.VIOLATION
        || a.getSeverity() == Severity.DANGER);
    assertThat(orchestrator.journals()).isEmpty();
    assertThat(orchestrator.audits()).anyMatch(a -> a.getRule().equals("join") && a.getSwarmId() == 6
        && a.getMessage().contains("once it has left swarm 5"));
  }

  @Test
  void aDeletedHostLeavesItsSwarmWithoutAWriteBackToIt() {
    int before = orchestrator.published.size();
    orchestrator.event(ObjectType.HOST, 2, null);
    orchestrator.event(ObjectType.SWARM, 5, Events.swarm(5, List.of(1L), List.of()));

    leaves(2);

    assertThat(orchestrator.progress(5).members).containsOnlyKeys(1L);
    assertThat(orchestrator.published.subList(before, orchestrator.published.size())).extracting(Outbox.Out::value)
        .filteredOn(NetboxWrite.class::isInstance).extracting(w -> ((NetboxWrite) w).getPath())
        .noneMatch(path -> path.contains("/hosts/2/"));
  }

  /** Drain, leave and removal from the node list, each succeeding. */
  private void leaves(long host) {
    orchestrator.succeed(orchestrator.last(1, UpdateNode.class), new NodeOutcome(InProcessReconciler.nodeId(host)));
    orchestrator.succeed(orchestrator.last(host, LeaveSwarm.class), null);
    orchestrator.succeed(orchestrator.last(1, RemoveNode.class), new NodeOutcome(InProcessReconciler.nodeId(host)));
  }
}
