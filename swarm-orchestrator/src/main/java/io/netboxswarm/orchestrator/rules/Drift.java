package io.netboxswarm.orchestrator.rules;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.orchestrator.state.HostObservation;
import io.netboxswarm.orchestrator.state.Member;
import io.netboxswarm.orchestrator.state.SwarmProgress;

/** Drift detection: what a member's heartbeat, newer than what its agent last reported, says was done by hand. */
public final class Drift {

  /** An agent's error code: the engine is in another cluster and is not forced out ({@link Rule#FOREIGN_CLUSTER}). */
  public static final String FOREIGN_CLUSTER_CODE = "FOREIGN_CLUSTER";

  private Drift() {
  }

  /** {@link Rule#MEMBER_LEFT}, {@link Rule#CLUSTER_REPLACED}, or null when the heartbeat shows no drift. */
  public static Rule of(SwarmProgress progress, HostObservation observed, long observedAt) {
    Member member = progress.members.get(observed.hostId());
    if (member == null || member.departure() != null || observedAt <= member.since()) {
      return null;
    }
    if (observed.inactive()) {
      return Rule.MEMBER_LEFT;
    }
    return observed.role() == NodeRole.MANAGER && observed.clusterId() != null
        && !observed.clusterId().equals(progress.clusterId) ? Rule.CLUSTER_REPLACED : null;
  }
}
