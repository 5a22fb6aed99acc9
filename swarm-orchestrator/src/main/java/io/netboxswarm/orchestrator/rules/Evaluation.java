package io.netboxswarm.orchestrator.rules;

import java.util.List;
import java.util.Set;

/**
 * The rules applied to one swarm.
 *
 * @param hosts the swarm's hosts: the ones it wants, the frozen ones and its members
 * @param blockedObjects NetBox objects (e.g. "container:7", "network:4", "secret:9") that get no Docker action while
 *     a violation concerns them
 * @param heldContainers containers the admission policy or Docker's limits refuse: no service is created or updated
 *     for them, and a service one already has is left as it is (not removed)
 */
public record Evaluation(Membership membership, Set<Long> hosts, List<Violation> violations,
    Set<String> blockedObjects, Set<Long> heldContainers) {

  public Evaluation {
    hosts = Set.copyOf(hosts);
    violations = List.copyOf(violations);
    blockedObjects = Set.copyOf(blockedObjects);
    heldContainers = Set.copyOf(heldContainers);
  }
}
