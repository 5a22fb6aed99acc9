package io.netboxswarm.orchestrator.observed;

import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.observed.SwarmObservation;
import io.netboxswarm.orchestrator.state.HostObservation;

/** A heartbeat as the orchestrator keeps it: the facts, without the instant, so that an unchanged one is equal. */
public final class Observations {

  private Observations() {
  }

  public static HostObservation of(Heartbeat heartbeat) {
    SwarmObservation swarm = heartbeat.getSwarm();
    String address = heartbeat.getHostAddress();
    if (swarm == null) {
      return new HostObservation(heartbeat.getHostId(), heartbeat.getEngineReachable(), null, null, null, null,
          address, null);
    }
    return new HostObservation(heartbeat.getHostId(), heartbeat.getEngineReachable(), swarm.getState(),
        swarm.getClusterId(), swarm.getNodeId(), swarm.getRole(),
        address, swarm.getManagerAddrs());
  }
}
