package io.netboxswarm.orchestrator.desired;

import java.util.List;
import java.util.Set;

/**
 * What applying one NetBox event did.
 *
 * @param swarms the swarms whose plan may have changed
 * @param changed whether anything an operator sets changed: false for the echo of a write-back, a duplicate or a
 *     stale event
 * @param note why nothing changed, for the log
 * @param goneFromNetbox the objects a resync found gone from NetBox and deleted (their lost deletions), as
 *     {@code type:id} keys, for the audit
 */
public record Applied(Set<Long> swarms, boolean changed, String note, List<String> goneFromNetbox) {

  public Applied {
    swarms = Set.copyOf(swarms);
    goneFromNetbox = List.copyOf(goneFromNetbox);
  }

  public Applied(Set<Long> swarms, boolean changed, String note) {
    this(swarms, changed, note, List.of());
  }

  static Applied ignored(String note) {
    return new Applied(Set.of(), false, note);
  }
}
