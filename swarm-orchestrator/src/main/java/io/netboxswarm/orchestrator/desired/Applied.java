package io.netboxswarm.orchestrator.desired;

import java.util.Set;

/**
 * What applying one NetBox event did.
 *
 * @param swarms the swarms whose plan may have changed
 * @param changed whether anything an operator sets changed: false for the echo of a write-back, a duplicate or a
 *     stale event
 * @param note why nothing changed, for the log
 */
public record Applied(Set<Long> swarms, boolean changed, String note) {

  public Applied {
    swarms = Set.copyOf(swarms);
  }

  static Applied ignored(String note) {
    return new Applied(Set.of(), false, note);
  }
}
