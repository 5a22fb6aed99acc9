package io.netboxswarm.orchestrator.status;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.orchestrator.state.Departure;
import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmProgress.Finding;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the status API answers about one swarm: what NetBox wants, how far it is, and why what is not done is not:
 * the violations in force, and per NetBox object ("secret:40") what refuses, fails or holds it.
 *
 * @param objects per object, e.g. "swarm:5" or "secret:40": its violations, the steps about it that failed for
 *     good, and what it waits for
 */
public record SwarmStatus(long swarmId, String name, String clusterId, List<Long> desiredManagers,
    List<Long> desiredWorkers, List<MemberStatus> members, List<CommandStatus> pendingCommands, String blockedBy,
    List<Finding> violations, Map<String, List<Finding>> objects, Map<Long, String> secrets,
    Map<String, String> networks, Map<Long, String> services) {

  public record MemberStatus(long hostId, String nodeId, NodeRole role, Departure departure) {
  }

  public record CommandStatus(String commandId, Step step, long hostId, String status, int attempts,
      String errorCode) {
  }

  /** From the swarm's rows: its spec (null once NetBox deleted it), its progress (null before any) and commands. */
  public static SwarmStatus of(long id, SwarmSpec spec, SwarmProgress progress, Iterable<TrackedCommand> commands) {
    SwarmProgress p = progress == null ? new SwarmProgress(id) : progress;
    List<MemberStatus> members = new ArrayList<>();
    p.members.values().forEach(m -> members.add(new MemberStatus(m.hostId(), m.nodeId(), m.role(), m.departure())));
    List<CommandStatus> pending = new ArrayList<>();
    for (TrackedCommand c : commands) {
      if (c.swarmId == id && c.open()) {
        pending.add(new CommandStatus(c.commandId, c.step, c.hostId, c.status.name(), c.attempts, c.errorCode));
      }
    }
    Map<String, List<Finding>> objects = new TreeMap<>();
    p.inForce.forEach(f -> objects.computeIfAbsent(f.objectType() + ":" + f.objectId(), k -> new ArrayList<>())
        .add(f));
    Map<Long, String> secrets = new LinkedHashMap<>();
    p.secretIds.forEach((k, v) -> secrets.put(k, v.dockerId()));
    Map<Long, String> services = new LinkedHashMap<>();
    p.services.forEach((k, v) -> services.put(k, v.serviceId()));
    return new SwarmStatus(id, spec == null ? null : spec.name(), p.clusterId,
        spec == null ? List.of() : spec.managers(), spec == null ? List.of() : spec.workers(), members, pending,
        p.blockedBy, p.inForce.stream().filter(f -> f.kind() == AuditKind.VIOLATION).toList(), objects,
        secrets, p.networkIds, services);
  }
}
