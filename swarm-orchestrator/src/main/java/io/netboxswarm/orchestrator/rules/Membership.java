package io.netboxswarm.orchestrator.rules;

import io.netboxswarm.contracts.NodeRole;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who should be in a swarm once the rules have spoken.
 *
 * @param managers the managers to have, in NetBox's order (the first one initializes)
 * @param workers the workers to have
 * @param frozen hosts a violation concerns: neither joined nor removed while it lasts
 * @param arriving hosts the swarm lists that are still leaving the swarm they are mapped to, which no longer lists
 *     them: they join once they have left
 */
public record Membership(List<Long> managers, List<Long> workers, Set<Long> frozen, Map<Long, Long> arriving) {

  public Membership {
    managers = List.copyOf(managers);
    workers = List.copyOf(workers);
    frozen = Set.copyOf(frozen);
    arriving = Map.copyOf(arriving);
  }

  public boolean wants(long hostId) {
    return managers.contains(hostId) || workers.contains(hostId);
  }

  public NodeRole roleOf(long hostId) {
    return managers.contains(hostId) ? NodeRole.MANAGER : workers.contains(hostId) ? NodeRole.WORKER : null;
  }
}
