package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.observed.LocalNodeState;
import io.netboxswarm.testkit.Platform;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The orchestrator stopped in the middle of forming a swarm and started again with an empty local state directory,
 * as on another machine: its state comes back from Kafka (the store's changelog), and it resumes without a second
 * init and without sending again a step that was already sent or done.
 */
@ExtendWith(Platform.class)
class RestartTest extends Scenario {

  private static final long SWARM = 5;

  @Test
  void aRestartMidFormationResumesWithExactlyOneInit() throws Exception {
    idleHosts(1, 2, 3, 4);
    events.send(EventKind.CREATED, ObjectType.SWARM, SWARM, null, Events.swarm(SWARM, List.of(1L, 2L, 3L),
        List.of(4L)));
    HostCommand init = agents.await(1, InitSwarm.class);
    agents.succeed(init, agents.managerOutcome("cluster-R", nodeId(1), List.of(address(1) + ":2377")));
    HostCommand join2 = agents.await(2, JoinSwarm.class);
    HostCommand join4 = agents.await(4, JoinSwarm.class);

    orchestrator.close();
    // While it is down, host 2's agent answers, and NetBox's event for it would come too.
    agents.succeed(join2, agents.managerOutcome("cluster-R", nodeId(2), List.of(address(1) + ":2377",
        address(2) + ":2377")));
    orchestrator = startOrchestrator(Files.createDirectories(tmp.resolve("elsewhere")));

    HostCommand join3 = agents.await(3, JoinSwarm.class);
    agents.succeed(join3, agents.managerOutcome("cluster-R", nodeId(3), List.of(address(1) + ":2377",
        address(2) + ":2377", address(3) + ":2377")));
    agents.succeed(join4, agents.workerOutcome("cluster-R", nodeId(4), List.of(address(1) + ":2377")));
    awaitMembers(SWARM, 4);
    agents.assertQuiet(Duration.ofSeconds(1));

    assertThat(agents.count(1, InitSwarm.class)).as("one cluster").isEqualTo(1);
    assertThat(agents.count(2, JoinSwarm.class)).isEqualTo(1);
    assertThat(agents.count(3, JoinSwarm.class)).isEqualTo(1);
    assertThat(agents.count(4, JoinSwarm.class)).as("a pending join is not re-sent").isEqualTo(1);
    assertThat(orchestrator.swarmStatus(SWARM).path("clusterId").asString()).isEqualTo("cluster-R");
    // NetBox hears of the cluster once, from whichever instance was running when it was formed.
    netbox.await("PATCH", "/api/plugins/docker/swarms/" + SWARM + "/", b -> b.has("SwarmID"));
    assertThat(netbox.requests("PATCH", "/api/plugins/docker/swarms/" + SWARM + "/")).hasSize(1);
  }

  @Test
  void aRestartBeforeTheInitResultWaitsForItRatherThanInitializingAgain() throws Exception {
    idleHosts(1, 2);
    events.send(EventKind.CREATED, ObjectType.SWARM, SWARM, null, Events.swarm(SWARM, List.of(1L), List.of(2L)));
    HostCommand init = agents.await(1, InitSwarm.class);

    orchestrator.close();
    orchestrator = startOrchestrator(Files.createDirectories(tmp.resolve("elsewhere")));
    // Heartbeats go on meanwhile, host 1 already initialized: they must not re-plan an init.
    agents.heartbeat(1, address(1), LocalNodeState.ACTIVE, "cluster-S", nodeId(1), NodeRole.MANAGER);
    idleHosts(2);
    agents.assertQuiet(Duration.ofSeconds(2), 1, 2);
    assertThat(agents.count(1, InitSwarm.class)).isEqualTo(1);

    agents.succeed(init, agents.managerOutcome("cluster-S", nodeId(1), List.of(address(1) + ":2377")));
    HostCommand join = agents.await(2, JoinSwarm.class);
    assertThat(((JoinSwarm) join.getAction()).getClusterId()).isEqualTo("cluster-S");
    assertThat(agents.count(1, InitSwarm.class)).isEqualTo(1);
  }
}
