package io.netboxswarm.orchestrator.state;

/**
 * A host as the orchestrator knows it in a formed cluster, from its agent's results.
 *
 * @param role "MANAGER" or "WORKER"
 * @param departure how far its removal went: null while it stays, then DEMOTED, DRAINED, LEFT
 * @param since when the agent reported it in the cluster: an older heartbeat saying otherwise is not drift
 */
public record Member(long hostId, String nodeId, String role, String departure, long since) {

  public boolean manager() {
    return "MANAGER".equals(role);
  }

  public Member withRole(String newRole) {
    return new Member(hostId, nodeId, newRole, departure, since);
  }

  public Member withDeparture(String step) {
    return new Member(hostId, nodeId, role, step, since);
  }
}
