package io.netboxswarm.orchestrator.state;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.observed.LocalNodeState;
import io.netboxswarm.contracts.observed.SwarmObservation;
import java.util.List;

/**
 * What a host's agent last reported of its engine (heartbeat or inspect): the facts drift detection compares with.
 *
 * @param swarmState null when the engine did not answer
 * @param address the address the host advertises, used to initialize a swarm without an advertise_addr
 */
public record HostObservation(long hostId, boolean engineReachable, LocalNodeState swarmState,
    String clusterId, String nodeId, NodeRole role, String address, List<String> managerAddrs) {

  public HostObservation {
    managerAddrs = managerAddrs == null ? List.of() : List.copyOf(managerAddrs);
  }

  /** A heartbeat as the orchestrator keeps it: the facts, without the instant, so that an unchanged one is equal. */
  public static HostObservation of(Heartbeat heartbeat) {
    SwarmObservation swarm = heartbeat.getSwarm();
    return swarm == null ? new HostObservation(heartbeat.getHostId(), heartbeat.getEngineReachable(), null, null,
        null, null, heartbeat.getHostAddress(), null)
        : new HostObservation(heartbeat.getHostId(), heartbeat.getEngineReachable(), swarm.getState(),
            swarm.getClusterId(), swarm.getNodeId(), swarm.getRole(), heartbeat.getHostAddress(),
            swarm.getManagerAddrs());
  }

  public boolean inactive() {
    return engineReachable && swarmState == LocalNodeState.INACTIVE;
  }
}
