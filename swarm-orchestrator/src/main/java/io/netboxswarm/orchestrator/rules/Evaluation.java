package io.netboxswarm.orchestrator.rules;

import java.util.List;
import java.util.Set;

/**
 * The rules applied to one swarm.
 *
 * @param blockedObjects NetBox objects (e.g. "container:7", "network:4") that get no Docker action while a violation
 *     concerns them
 */
public record Evaluation(Membership membership, List<Violation> violations, Set<String> blockedObjects) {

  public Evaluation {
    violations = List.copyOf(violations);
    blockedObjects = Set.copyOf(blockedObjects);
  }
}
