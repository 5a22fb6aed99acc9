package io.netboxswarm.orchestrator.plan;

import io.netboxswarm.orchestrator.state.IntentKey;
import java.util.Map;
import java.util.Set;

/**
 * What the edge looked up for one decision, beyond the state: the hosts whose agents have a public keyset (what is
 * sealed for them), and the intents whose command failed for good, with the agent's error code.
 */
public record Capabilities(Set<Long> sealable, Map<IntentKey, String> failed) {

  public Capabilities {
    sealable = Set.copyOf(sealable);
    failed = Map.copyOf(failed);
  }

  public boolean canSealFor(long hostId) {
    return sealable.contains(hostId);
  }
}
