package io.netboxswarm.orchestrator.state;

import io.netboxswarm.contracts.NodeRole;

/**
 * A host as the orchestrator knows it in a formed cluster, from its agent's results.
 *
 * @param departure how far its removal went; null while it stays
 * @param since when the agent reported it in the cluster: an older heartbeat saying otherwise is not drift
 */
public record Member(long hostId, String nodeId, NodeRole role, Departure departure, long since) {

  public boolean manager() {
    return role == NodeRole.MANAGER;
  }

  public Member withRole(NodeRole newRole) {
    return new Member(hostId, nodeId, newRole, departure, since);
  }

  public Member withDeparture(Departure step) {
    return new Member(hostId, nodeId, role, step, since);
  }
}
