package io.netboxswarm.orchestrator.state;

import java.util.List;

/**
 * What NetBox wants of one Swarm. Only the fields an operator sets: the ones the orchestrator writes back (SwarmID,
 * JoinTokens, state) are left out, so that the echo of a write-back compares equal and changes nothing.
 *
 * @param rotationRequest the id of the event that asked for a join-token rotation, null when none is asked
 */
public record SwarmSpec(long id, String name, String listenAddr, String advertiseAddr, List<Long> managers,
    List<Long> workers, String rotationRequest) {

  public SwarmSpec {
    managers = List.copyOf(managers);
    workers = List.copyOf(workers);
  }
}
