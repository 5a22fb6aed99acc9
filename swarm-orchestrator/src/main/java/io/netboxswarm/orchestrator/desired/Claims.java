package io.netboxswarm.orchestrator.desired;

import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import io.netboxswarm.orchestrator.state.World;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rule 3, a host is in at most one swarm: the first swarm to list a host claims it, and keeps it until the host is
 * neither listed by it nor a member of its cluster. Another swarm listing the host meanwhile is in violation.
 */
public final class Claims {

  private final World world;

  public Claims(World world) {
    this.world = world;
  }

  /** The swarm that owns the host, or null. */
  public Long owner(long hostId) {
    return world.claims.get(hostId);
  }

  /** Every swarm whose spec lists the host, as manager or worker. */
  public Set<Long> swarmsListing(long hostId) {
    Set<Long> swarms = new TreeSet<>();
    for (SwarmSpec swarm : world.swarms.values()) {
      if (swarm.managers().contains(hostId) || swarm.workers().contains(hostId)) {
        swarms.add(swarm.id());
      }
    }
    return swarms;
  }

  /** Re-decides who owns the host; returns every swarm that lists it or owned it, whose plan may change. */
  public Set<Long> settle(long hostId) {
    Set<Long> listing = swarmsListing(hostId);
    Set<Long> affected = new TreeSet<>(listing);
    Long owner = owner(hostId);
    if (owner != null) {
      affected.add(owner);
      SwarmProgress progress = world.progress.get(owner);
      boolean member = progress != null && progress.members.containsKey(hostId);
      if (!listing.contains(owner) && !member) {
        world.claims.remove(hostId);
        owner = null;
      }
    }
    if (owner == null && !listing.isEmpty()) {
      world.claims.put(hostId, listing.iterator().next());
    }
    return affected;
  }
}
