package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.command.LeaveSwarm;
import io.netboxswarm.contracts.command.RemoveNode;
import io.netboxswarm.contracts.command.UpdateNode;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.result.NodeOutcome;
import io.netboxswarm.contracts.result.SwarmOutcome;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A worker taken out of its swarm in NetBox and put back before its departure finished (fast tier, no broker): the
 * departure is finished, then it joins again under a new node id, as in a freshly formed swarm (chaos seed 101: the
 * orchestrator was down while the host left, and found it wanted again with nothing left to do).
 */
@Tag("fast")
class RejoinPlanTest extends FormedSwarmPlan {

  @Test
  void aWorkerWantedBackWhileLeavingFinishesItsDepartureAndJoinsAgain() {
    orchestrator.event(ObjectType.SWARM, SWARM, Events.swarm(SWARM, List.of(1L), List.of()));
    orchestrator.succeed(orchestrator.last(1, UpdateNode.class), new NodeOutcome("node-2"));
    HostCommand leave = orchestrator.last(2, LeaveSwarm.class);

    orchestrator.event(ObjectType.SWARM, SWARM, Events.swarm(SWARM, List.of(1L), List.of(2L)));
    orchestrator.succeed(leave, null);

    HostCommand remove = orchestrator.last(1, RemoveNode.class);
    assertThat(((RemoveNode) remove.getAction()).getNodeId()).isEqualTo("node-2");
    assertThat(orchestrator.commands(2, JoinSwarm.class)).as("not while its old node is listed").hasSize(1);
    orchestrator.succeed(remove, new NodeOutcome("node-2"));

    HostCommand rejoin = orchestrator.last(2, JoinSwarm.class);
    assertThat(orchestrator.commands(2, JoinSwarm.class)).hasSize(2);
    assertThat(((JoinSwarm) rejoin.getAction()).getRole()).isEqualTo(NodeRole.WORKER);
    orchestrator.succeed(rejoin, new SwarmOutcome("cluster-5", "node-2b", NodeRole.WORKER, null,
        List.of(InProcessReconciler.address(1) + ":2377")));
    assertThat(orchestrator.progress(SWARM).members.get(2L).nodeId()).isEqualTo("node-2b");
    assertThat(orchestrator.progress(SWARM).members.get(2L).departure()).isNull();
  }

  @Test
  void aWorkerWantedBackOnceDrainedLeavesAndJoinsAgainRatherThanStayingDrained() {
    orchestrator.event(ObjectType.SWARM, SWARM, Events.swarm(SWARM, List.of(1L), List.of()));
    HostCommand drain = orchestrator.last(1, UpdateNode.class);
    orchestrator.event(ObjectType.SWARM, SWARM, Events.swarm(SWARM, List.of(1L), List.of(2L)));

    orchestrator.succeed(drain, new NodeOutcome("node-2"));

    orchestrator.succeed(orchestrator.last(2, LeaveSwarm.class), null);
    orchestrator.succeed(orchestrator.last(1, RemoveNode.class), new NodeOutcome("node-2"));
    assertThat(orchestrator.commands(2, JoinSwarm.class)).hasSize(2);
  }
}
