package io.netboxswarm.orchestrator.reconcile;

import io.netboxswarm.contracts.heartbeat.Heartbeat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Agents whose signed heartbeats name a host NetBox does not list (yet): nothing is stored for them and no topic is
 * made, but each is reported once, and its latest heartbeat is held in memory, so that when NetBox names the host
 * (a Swarm listing it, say) the swarm need not wait a heartbeat interval for its address. Bounded: only agents
 * whose keys the operator provisioned can sign, and past {@value #LIMIT} the oldest is forgotten.
 */
public final class Strangers {

  static final int LIMIT = 10_000;

  private final Set<Long> reported = new HashSet<>();
  private final Map<Long, Heartbeat> latest = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Heartbeat> eldest) {
      return size() > LIMIT;
    }
  };

  /** Holds the heartbeat; true the first time this host is seen, when it should be reported. */
  public synchronized boolean hold(Heartbeat heartbeat) {
    latest.remove(heartbeat.getHostId());
    latest.put(heartbeat.getHostId(), heartbeat);
    return reported.size() < LIMIT && reported.add(heartbeat.getHostId());
  }

  /** The held heartbeat of a host that NetBox now knows, if any; it is no longer held. */
  public synchronized Heartbeat release(long hostId) {
    reported.remove(hostId);
    return latest.remove(hostId);
  }
}
