package io.netboxswarm.orchestrator.state;

import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How far the orchestrator has brought one Swarm, learnt only from its agents' results and heartbeats. It is an
 * entity that changes as results arrive, kept in the state store (and so in its changelog) after every record.
 */
public final class SwarmProgress {

  public long swarmId;
  /** Docker's cluster id, once the first manager is initialized. */
  public String clusterId;
  public Sealed workerToken;
  public Sealed managerToken;
  public Long initHost;
  /** Bumped when the cluster is dissolved, so that a new init is a new intent. */
  public int formation;
  public Map<Long, Member> members = new TreeMap<>();
  /** Bumped when a member is found out of its cluster, so that its re-join is a new intent. */
  public Map<Long, Integer> joinGenerations = new TreeMap<>();
  public List<String> managerAddrs = new ArrayList<>();
  /** What stops the whole plan until NetBox changes the swarm, and why: "drift:cluster: host 3 is ...". */
  public String blockedBy;
  /** Bumped per intent when the plan is unblocked, so that the agent does not answer from its stored failure. */
  public Map<String, Integer> resets = new TreeMap<>();
  /** NetBox Secret id to Docker secret id. */
  public Map<Long, Created> secretIds = new TreeMap<>();
  /** Docker secrets a newer version of their NetBox Secret replaced (Docker name to NetBox Secret id): removed once
   * no service mounts them. */
  public Map<String, Long> retiredSecrets = new TreeMap<>();
  /** Node ids of members that left by hand and joined again under a new id (node id to host id): removed from the
   * managers' node list. */
  public Map<String, Long> staleNodes = new TreeMap<>();
  /** Overlay network name to Docker network id. */
  public Map<String, String> networkIds = new TreeMap<>();
  /** NetBox Container id to its service. */
  public Map<Long, ServiceState> services = new TreeMap<>();
  /** Violations, drifts and warnings already reported, so each is reported once while it lasts. */
  public Set<String> reported = new LinkedHashSet<>();
  /** What the latest decision found in force, as the status API shows it: violations, waits, failed steps. */
  public List<Finding> inForce = new ArrayList<>();
  /** A step could not be sent (its topic could not be made): plan again on the next tick. */
  public boolean replan;
  /** The newest command per subject (e.g. "service:7"): a result of an older one is not applied. */
  public Map<String, String> latest = new TreeMap<>();
  /**
   * What the ledger keeps of succeeded commands it forgot whose effect this progress does not record (a rotation,
   * a secret's version): the newest command id per family (step and object), so that it is never sent again.
   */
  public Map<String, String> succeeded = new TreeMap<>();

  public SwarmProgress() {
  }

  public SwarmProgress(long swarmId) {
    this.swarmId = swarmId;
  }

  public boolean formed() {
    return clusterId != null;
  }

  public int joinGeneration(long hostId) {
    return joinGenerations.getOrDefault(hostId, 0);
  }

  /** The cluster is gone (dissolved, or its only manager left it by hand): a new one is a new formation. */
  public void forgetCluster() {
    clusterId = null;
    formation++;
    members.clear();
    managerAddrs = new ArrayList<>();
    staleNodes.clear();
  }

  /** A Docker object the orchestrator created, by name and id. */
  public record Created(String name, String dockerId) {
  }

  /**
   * A violation, a wait or warning of the plan, or a step that failed for good, on the NetBox object it concerns.
   *
   * @param commandId the failed command, for a failure
   */
  public record Finding(AuditKind kind, Severity severity, String rule, String message, String objectType,
      Long objectId, Long hostId, String commandId) {
  }

  /** The swarm service of one container, with the digest of the spec it was made from. */
  public record ServiceState(String name, String serviceId, String specDigest) {
  }
}
