package io.netboxswarm.orchestrator.plan;

import io.netboxswarm.orchestrator.desired.Desired;
import io.netboxswarm.orchestrator.state.HostObservation;
import io.netboxswarm.orchestrator.state.Rows;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmSpec;

/**
 * All one swarm's decision reads, and nothing else: what NetBox wants of it (null when the Swarm was deleted), how
 * far it is, what NetBox wants of the rest, what the agents last reported, and what the edge looked up.
 */
public record PlanInput(SwarmSpec spec, SwarmProgress progress, Desired desired, Rows<HostObservation> observed,
    Capabilities capabilities) {

  public long swarmId() {
    return progress.swarmId;
  }
}
