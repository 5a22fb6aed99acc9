package io.netboxswarm.orchestrator.plan;

import io.netboxswarm.contracts.command.CreateNetwork;
import io.netboxswarm.contracts.command.RemoveNetwork;
import io.netboxswarm.orchestrator.rules.Evaluation;
import io.netboxswarm.orchestrator.state.IntentKey;
import io.netboxswarm.orchestrator.state.NetworkSpec;
import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The overlay networks of the swarm's hosts, made once per name on a manager; the ones no longer wanted removed. */
final class NetworkPlan {

  private NetworkPlan() {
  }

  /** Returns the overlay names the swarm wants. */
  static Set<String> plan(PlanInput in, Evaluation evaluation, Set<Long> hosts, long manager, Decision out) {
    SwarmProgress progress = in.progress();
    Set<String> overlays = new TreeSet<>();
    for (NetworkSpec network : in.desired().networks().values()) {
      if (network.host() != null && hosts.contains(network.host()) && network.overlay() && network.name() != null
          && !evaluation.blockedObjects().contains("network:" + network.id())) {
        overlays.add(network.name());
      }
    }
    for (String name : overlays) {
      if (!progress.networkIds.containsKey(name)) {
        out.add(new Intent(IntentKey.of("network", progress.swarmId, name), Step.CREATE_NETWORK, manager, null,
            null, "network:" + name, sealing -> new CreateNetwork(name, "overlay", true,
                Map.of("io.netboxswarm.swarm-id", String.valueOf(progress.swarmId)))));
      }
    }
    for (var created : progress.networkIds.entrySet()) {
      String name = created.getKey();
      if (!overlays.contains(name)) {
        out.add(new Intent(IntentKey.of("rm-network", progress.swarmId, name, created.getValue()),
            Step.REMOVE_NETWORK, manager, null, null, "network:" + name, sealing -> new RemoveNetwork(name)));
      }
    }
    return overlays;
  }
}
