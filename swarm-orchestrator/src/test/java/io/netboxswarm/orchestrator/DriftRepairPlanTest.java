package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.command.RemoveNode;
import io.netboxswarm.contracts.observed.LocalNodeState;
import io.netboxswarm.contracts.result.NodeOutcome;
import io.netboxswarm.contracts.result.SwarmOutcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * A member made to leave outside the orchestrator joins again under a new node id (fast tier, no broker); its old
 * entry, left down in the managers' node list, is removed by a manager, so the repaired swarm looks freshly formed.
 */
@Tag("fast")
class DriftRepairPlanTest extends FormedSwarmPlan {

  @Test
  void theOldNodeIdOfAMemberThatLeftByHandIsRemovedOnceItJoinedAgain() {
    orchestrator.heartbeat(2, LocalNodeState.INACTIVE, null, null, null); // `docker swarm leave --force` on host 2

    HostCommand rejoin = orchestrator.last(2, JoinSwarm.class);
    assertThat(orchestrator.commands(2, JoinSwarm.class)).hasSize(2);
    assertThat(orchestrator.commands(1, RemoveNode.class)).as("not before it is back").isEmpty();
    orchestrator.succeed(rejoin, new SwarmOutcome("cluster-5", "node-2b", NodeRole.WORKER, null,
        List.of(InProcessReconciler.address(1) + ":2377")));

    HostCommand forget = orchestrator.last(1, RemoveNode.class);
    RemoveNode remove = (RemoveNode) forget.getAction();
    assertThat(remove.getNodeId()).isEqualTo("node-2");
    assertThat(remove.getOnlyWhenDown()).as("never a live node").isTrue();
    assertThat(remove.getForce()).isTrue();

    // The managers have not marked it down yet: retried after a backoff with the same command, longer than most.
    for (int attempt = 1; attempt <= 6; attempt++) {
      orchestrator.fail(forget, "NODE_NOT_DOWN", "node node-2 is not down yet", true);
      orchestrator.tick(Duration.ofSeconds(61));
    }
    assertThat(orchestrator.commands(1, RemoveNode.class)).hasSize(7)
        .allSatisfy(c -> assertThat(c.getCommandId()).isEqualTo(forget.getCommandId()));
    assertThat(orchestrator.journal("host", 2)).isEmpty();
    orchestrator.succeed(forget, new NodeOutcome("node-2"));

    assertThat(orchestrator.progress(SWARM).staleNodes).isEmpty();
    assertThat(orchestrator.progress(SWARM).members.get(2L).nodeId()).isEqualTo("node-2b");
    orchestrator.heartbeat(2, LocalNodeState.ACTIVE, null, "node-2b", NodeRole.WORKER);
    assertThat(orchestrator.commands(1, RemoveNode.class)).hasSize(7);
    assertThat(orchestrator.commands(2, JoinSwarm.class)).hasSize(2);
  }
}
