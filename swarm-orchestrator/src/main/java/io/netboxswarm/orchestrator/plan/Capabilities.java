package io.netboxswarm.orchestrator.plan;

import io.netboxswarm.orchestrator.state.IntentKey;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

/**
 * What the edge looked up for one decision, beyond the state: the hosts whose agents have a public keyset (what is
 * sealed for them), and the intents whose command failed for good, with the agent's error code.
 */
public record Capabilities(Set<Long> sealable, Map<IntentKey, String> failed) {

  public Capabilities {
    sealable = Set.copyOf(sealable);
    failed = Map.copyOf(failed);
  }

  /**
   * As the edge looks them up for a swarm: the agents of its members and desired hosts that have a keyset, and its
   * commands that failed for good.
   */
  public static Capabilities of(SwarmSpec spec, SwarmProgress progress, List<TrackedCommand> failed,
      LongPredicate sealable) {
    Set<Long> hosts = new HashSet<>(progress.members.keySet());
    if (spec != null) {
      hosts.addAll(spec.managers());
      hosts.addAll(spec.workers());
    }
    hosts.removeIf(host -> !sealable.test(host));
    return new Capabilities(hosts, failed.stream().collect(Collectors.toMap(command -> command.intentKey,
        command -> String.valueOf(command.errorCode))));
  }

  public boolean canSealFor(long hostId) {
    return sealable.contains(hostId);
  }
}
