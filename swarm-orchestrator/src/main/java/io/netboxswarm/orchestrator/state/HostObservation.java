package io.netboxswarm.orchestrator.state;

import java.util.List;

/**
 * What a host's agent last reported of its engine (heartbeat or inspect): the facts drift detection compares with.
 *
 * @param swarmState Docker's LocalNodeState, e.g. ACTIVE or INACTIVE; null when the engine did not answer
 * @param address the address the host advertises, used to initialize a swarm without an advertise_addr
 */
public record HostObservation(long hostId, boolean engineReachable, String swarmState, String clusterId,
    String nodeId, String role, String address, List<String> managerAddrs) {

  public HostObservation {
    managerAddrs = managerAddrs == null ? List.of() : List.copyOf(managerAddrs);
  }

  public boolean inactive() {
    return engineReachable && "INACTIVE".equals(swarmState);
  }
}
