package io.netboxswarm.orchestrator.plan;

import io.netboxswarm.contracts.NodeAvailability;
import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.command.LeaveSwarm;
import io.netboxswarm.contracts.command.RemoveNode;
import io.netboxswarm.contracts.command.UpdateNode;
import io.netboxswarm.orchestrator.rules.Membership;
import io.netboxswarm.orchestrator.rules.Quorum;
import io.netboxswarm.orchestrator.rules.Rule;
import io.netboxswarm.orchestrator.state.Departure;
import io.netboxswarm.orchestrator.state.HostObservation;
import io.netboxswarm.orchestrator.state.IntentKey;
import io.netboxswarm.orchestrator.state.Member;
import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import java.util.List;

/**
 * The swarm's members: the first manager initializes it, the others join (managers one at a time), roles change,
 * members NetBox no longer lists are demoted (managers one at a time), drained, leave and are removed from the node
 * list, and node ids a member left behind are forgotten.
 */
final class MembershipPlan {

  static final String DEFAULT_LISTEN_ADDR = "0.0.0.0:2377";

  private MembershipPlan() {
  }

  static void plan(PlanInput in, Membership m, Decision out) {
    SwarmProgress progress = in.progress();
    m.arriving().forEach((host, from) -> out.add(Notice.waiting("arriving:" + host, "join", "host " + host
        + " joins swarm " + progress.swarmId + " once it has left swarm " + from, "host", host)));
    if (!progress.formed()) {
      planInit(in, m, out);
      return;
    }
    if (!progress.managerAddrs.isEmpty()) {
      Long manager = Quorum.nextManagerToJoin(m, progress);
      if (manager != null) {
        join(in, manager, NodeRole.MANAGER, out);
      }
      m.workers().stream().filter(h -> !progress.members.containsKey(h)).forEach(h -> join(in, h, NodeRole.WORKER,
          out));
    }
    planRoleChanges(progress, m, out);
    for (Member member : progress.members.values()) {
      if (Quorum.leaves(m, member) && !member.manager()) {
        removalStep(progress, member, out); // workers, and managers already demoted, in parallel
      }
    }
    Member leaving = Quorum.nextManagerToLeave(m, progress);
    if (leaving != null) {
      removeManager(progress, leaving, out);
    }
    planForgetting(progress, m, out);
    if (Quorum.evenManagers(m)) {
      out.add(new Notice("even-managers:" + m.managers().size(), AuditKind.WARNING, Severity.WARNING,
          Rule.EVEN_MANAGERS.id(), "swarm " + progress.swarmId + " will have " + m.managers().size() + " managers:"
              + " an even number tolerates no more failures than one fewer", "swarm", progress.swarmId, null, false));
    }
  }

  private static void planInit(PlanInput in, Membership m, Decision out) {
    SwarmSpec spec = in.spec();
    if (spec == null || m.managers().isEmpty()) {
      return;
    }
    long first = m.managers().get(0);
    HostObservation observed = in.observed().get(first);
    String advertise = spec.advertiseAddr() != null && !spec.advertiseAddr().isBlank() ? spec.advertiseAddr()
        : observed == null ? null : observed.address();
    if (advertise == null) {
      out.add(Notice.waiting("waiting-address:" + first, "init", "swarm " + in.swarmId() + " waits for host "
          + first + " to report its address (no advertise_addr in NetBox)", "swarm", in.swarmId()));
      return;
    }
    String listen = spec.listenAddr() == null || spec.listenAddr().isBlank() ? DEFAULT_LISTEN_ADDR : spec.listenAddr();
    out.add(new Intent(IntentKey.of("init", in.swarmId(), in.progress().formation), Step.INIT, first, first, null,
        null, sealing -> new InitSwarm(listen, advertise, spec.name())));
  }

  private static void join(PlanInput in, long host, NodeRole role, Decision out) {
    if (!in.capabilities().canSealFor(host)) {
      out.add(new Notice("no-keyset:" + host, AuditKind.WARNING, Severity.WARNING, "join", "no public keyset for"
          + " host " + host + ": its join token cannot be sealed for it", "host", host, host, false));
      return;
    }
    SwarmProgress progress = in.progress();
    String clusterId = progress.clusterId;
    var token = role == NodeRole.MANAGER ? progress.managerToken : progress.workerToken;
    List<String> remotes = List.copyOf(progress.managerAddrs);
    HostObservation observed = in.observed().get(host);
    String advertise = observed == null ? null : observed.address();
    out.add(new Intent(IntentKey.of("join", progress.swarmId, clusterId, host, role, progress.joinGeneration(host)),
        Step.JOIN, host, host, null, null, sealing -> new JoinSwarm(role, remotes,
            sealing.joinToken(host, clusterId, role, token), clusterId, DEFAULT_LISTEN_ADDR, advertise)));
  }

  private static void planRoleChanges(SwarmProgress progress, Membership m, Decision out) {
    for (Member member : progress.members.values()) {
      NodeRole role = m.roleOf(member.hostId());
      Long manager = Quorum.pickManager(progress, member.hostId());
      if (role == null || member.departure() != null || role == member.role() || manager == null) {
        continue;
      }
      Step step = role == NodeRole.MANAGER ? Step.PROMOTE : Step.DEMOTE_ROLE;
      out.add(new Intent(IntentKey.of(step.rule(), progress.swarmId, member.hostId(), member.nodeId()), step,
          manager, member.hostId(), null, null, sealing -> new UpdateNode(member.nodeId(), role, null, null)));
    }
  }

  private static void removeManager(SwarmProgress progress, Member member, Decision out) {
    Long other = Quorum.pickManager(progress, member.hostId());
    if (other != null) {
      out.add(new Intent(IntentKey.of("demote", progress.swarmId, member.hostId(), member.nodeId()), Step.DEMOTE,
          other, member.hostId(), null, null, sealing -> new UpdateNode(member.nodeId(), NodeRole.WORKER, null,
              null)));
    } else if (progress.members.values().stream().anyMatch(o -> o.hostId() != member.hostId())) {
      out.add(Notice.waiting("last-manager-waits:" + member.hostId(), Rule.LAST_MANAGER_LEAVES_LAST.id(), "host "
          + member.hostId() + " is the last manager of swarm " + progress.swarmId + "; it leaves after the other"
          + " members", "swarm", progress.swarmId));
    } else {
      out.add(new Intent(IntentKey.of("dissolve", progress.swarmId, progress.clusterId), Step.DISSOLVE,
          member.hostId(), member.hostId(), null, null,
          sealing -> new LeaveSwarm(progress.clusterId, true, List.copyOf(progress.managerAddrs))));
    }
  }

  /** Drain, leave, remove from the node list: each after the previous one succeeded. */
  private static void removalStep(SwarmProgress progress, Member member, Decision out) {
    Long manager = Quorum.pickManager(progress, member.hostId());
    if (manager == null) {
      return;
    }
    Departure departure = member.departure();
    if (departure == null || departure == Departure.DEMOTED) {
      out.add(new Intent(IntentKey.of("drain", progress.swarmId, member.hostId(), member.nodeId()), Step.DRAIN,
          manager, member.hostId(), null, null,
          sealing -> new UpdateNode(member.nodeId(), null, NodeAvailability.DRAIN, null)));
    } else if (departure == Departure.DRAINED) {
      out.add(new Intent(IntentKey.of("leave", progress.swarmId, member.hostId(), member.nodeId()), Step.LEAVE,
          member.hostId(), member.hostId(), null, null,
          sealing -> new LeaveSwarm(progress.clusterId, false, List.copyOf(progress.managerAddrs))));
    } else {
      out.add(new Intent(IntentKey.of("remove-node", progress.swarmId, member.hostId(), member.nodeId()),
          Step.REMOVE_NODE, manager, member.hostId(), null, null,
          sealing -> new RemoveNode(member.nodeId(), true, false)));
    }
  }

  /**
   * A member that left by hand left its old node id in the node list: a manager removes it once the host joined
   * again (or is no longer wanted), by when the managers have long seen the old entry down.
   */
  private static void planForgetting(SwarmProgress progress, Membership m, Decision out) {
    for (var stale : progress.staleNodes.entrySet()) {
      String nodeId = stale.getKey();
      Member now = progress.members.get(stale.getValue());
      Long manager = Quorum.pickManager(progress, stale.getValue());
      if (manager != null && !(m.wants(stale.getValue()) && (now == null || nodeId.equals(now.nodeId())))) {
        out.add(new Intent(IntentKey.of("forget-node", progress.swarmId, nodeId), Step.FORGET_NODE, manager,
            stale.getValue(), null, null, sealing -> new RemoveNode(nodeId, true, true)));
      }
    }
  }
}
