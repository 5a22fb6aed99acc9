package io.netboxswarm.orchestrator.reconcile;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.admission.AdmissionPolicy;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.orchestrator.audit.Audits;
import io.netboxswarm.orchestrator.audit.Cause;
import io.netboxswarm.orchestrator.commands.CommandIssuer;
import io.netboxswarm.orchestrator.commands.CommandLedger;
import io.netboxswarm.orchestrator.commands.CommandSettings;
import io.netboxswarm.orchestrator.commands.CommandTopics;
import io.netboxswarm.orchestrator.commands.FailureScope;
import io.netboxswarm.orchestrator.commands.Outbox;
import io.netboxswarm.orchestrator.commands.SettledCommands;
import io.netboxswarm.orchestrator.desired.Applied;
import io.netboxswarm.orchestrator.desired.Claims;
import io.netboxswarm.orchestrator.desired.Desired;
import io.netboxswarm.orchestrator.desired.DesiredState;
import io.netboxswarm.orchestrator.keys.Resealer;
import io.netboxswarm.orchestrator.netbox.WriteBacks;
import io.netboxswarm.orchestrator.plan.Intent;
import io.netboxswarm.orchestrator.plan.Capabilities;
import io.netboxswarm.orchestrator.plan.Decision;
import io.netboxswarm.orchestrator.plan.PlanInput;
import io.netboxswarm.orchestrator.plan.SwarmPlanner;
import io.netboxswarm.orchestrator.rules.Drift;
import io.netboxswarm.orchestrator.rules.Rule;
import io.netboxswarm.orchestrator.rules.SwarmRules;
import io.netboxswarm.orchestrator.state.HostObservation;
import io.netboxswarm.orchestrator.state.IntentKey;
import io.netboxswarm.orchestrator.state.Member;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmProgress.Finding;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.state.World;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile loop: each record (a NetBox event, a command result, a heartbeat, or a clock tick) updates the
 * desired or observed state, then every swarm it touches is planned again and the steps not yet sent are sent.
 * It is single-threaded and deterministic; the caller persists the {@link World} and publishes the {@link Outbox}
 * in one Kafka transaction, so a crash between the two cannot happen.
 */
public final class Reconciler {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  private final World world;
  private final Claims claims;
  private final DesiredState desired;
  private final SwarmPlanner planner;
  private final CommandLedger ledger;
  private final Resealer resealer;
  private final CommandIssuer issuer;
  private final Outcomes outcomes;
  private final CommandSettings settings;
  private final CommandTopics commandTopics;

  private final Strangers strangers;

  public Reconciler(World world, Resealer resealer, CommandSettings settings, CommandTopics commandTopics) {
    this(world, resealer, settings, commandTopics, AdmissionPolicy.defaults(), new Strangers());
  }

  /**
   * @param admission what a container may make a host run; a container it refuses is a violation
   * @param strangers agents of hosts NetBox does not know (yet), shared by the reconcilers of one orchestrator so
   *     that each is reported once and its latest heartbeat is used as soon as NetBox names the host
   */
  public Reconciler(World world, Resealer resealer, CommandSettings settings, CommandTopics commandTopics,
      AdmissionPolicy admission, Strangers strangers) {
    this.strangers = strangers;
    this.world = world;
    this.claims = new Claims(world);
    this.desired = new DesiredState(world, claims, resealer);
    this.planner = new SwarmPlanner(new SwarmRules(admission));
    this.ledger = new CommandLedger(world);
    this.resealer = resealer;
    this.issuer = new CommandIssuer(world, settings, commandTopics, resealer);
    this.outcomes = new Outcomes(world, claims);
    this.settings = settings;
    this.commandTopics = commandTopics;
  }

  /** What one record publishes; no write-back to an object NetBox deleted (it would answer 404 or 400). */
  private Outbox outbox() {
    return new Outbox(write -> write.getObjectType() == null
        || !world.deleted(write.getObjectType(), write.getObjectId()));
  }

  public Outbox onEvent(NetboxEvent event, Instant now) {
    Outbox out = outbox();
    Cause cause = Cause.of(event);
    List<Long> named = hostsNamedBy(event);
    if (!named.isEmpty()) {
      commandTopics.prepare(named); // a host NetBox names may get commands soon: its topic is made ahead, in bulk
    }
    Applied applied = desired.apply(event);
    for (long host : named) {
      Heartbeat held = knownToNetbox(host) ? strangers.release(host) : null;
      if (held != null) {
        observe(held); // what it last reported counts now; this event's own reconcile below plans with it
      }
    }
    if (!applied.changed()) {
      log.debug("event {} changes nothing ({})", event.getEventId(), applied.note());
    }
    for (String key : applied.goneFromNetbox()) {
      // A deletion whose webhook was lost, repaired by a resync: worth an operator's eye, so audited.
      int colon = key.indexOf(':');
      out.audit(Audits.event(AuditKind.DECISION, Severity.WARNING, null, "resync-deleted", key
              + " is no longer in NetBox though its deletion never arrived: deleted by resync " + event.getEventId(),
              cause, "resync-deleted:" + key, now)
          .setObjectType(key.substring(0, colon)).setObjectId(Long.parseLong(key.substring(colon + 1))).build());
    }
    for (long swarmId : applied.swarms()) {
      if (applied.changed()) {
        unblock(swarmId, event, now, out);
      }
      reconcile(swarmId, cause, now, out);
    }
    return out;
  }

  public Outbox onResult(CommandResult result, Instant now) {
    Outbox out = outbox();
    if ("BAD_SIGNATURE".equals(result.getErrorCode())) {
      // The agent refused a record that claimed a command's id without the orchestrator's signature: someone else
      // wrote to its command topic. The real command, if any, gets its own result; this one settles nothing.
      out.audit(Audits.event(AuditKind.VIOLATION, Severity.DANGER, null, "untrusted-record", "host "
              + result.getHostId() + " refused a command record not signed by this orchestrator (claimed id "
              + result.getCommandId() + "): someone else can write to agent.commands." + result.getHostId(),
              Cause.of(result.getCommandId()), "bad-signature:" + result.getHostId(), now)
          .setHostId(result.getHostId()).setObjectType("host").setObjectId(result.getHostId())
          .setCommandId(result.getCommandId())
          .setCommandStatus(result.getStatus().name()).build());
      return out;
    }
    TrackedCommand command = world.commands.get(result.getCommandId());
    if (command == null || command.hostId != result.getHostId()) {
      log.info("result for unknown command {} from host {}: ignored", result.getCommandId(), result.getHostId());
      return out;
    }
    if (!command.open()) {
      log.debug("result for command {} already settled ({}): ignored", command.commandId, command.status);
      return out;
    }
    world.commands.touch(command.commandId);
    SwarmProgress progress = world.progressOf(command.swarmId);
    boolean success = result.getStatus() == CommandStatus.SUCCEEDED || result.getStatus() == CommandStatus.ALREADY_DONE;
    FailureScope scope = FailureScope.of(command, world);
    out.audit(Audits.event(AuditKind.COMMAND_OUTCOME, success ? Severity.INFO
                : result.getRetryable() ? Severity.WARNING : Severity.DANGER, command.swarmId,
            command.step.rule(), command.step.rule() + " on host " + command.hostId + ": "
                + result.getStatus() + (result.getErrorCode() == null ? "" : " " + result.getErrorCode()
                + (result.getErrorMessage() == null ? "" : ": " + result.getErrorMessage())),
            Cause.of(command), result.getStatus() + "#" + command.attempts, now)
        .setHostId(command.hostId).setCommandId(command.commandId).setCommandStatus(result.getStatus().name())
        .setObjectType(scope.objectType()).setObjectId(scope.objectId()).build());
    Set<Long> affected = new TreeSet<>();
    affected.add(command.swarmId);
    if (success) {
      command.status = TrackedCommand.Status.SUCCEEDED;
      command.errorCode = null;
      command.errorMessage = null;
      affected.addAll(outcomes.apply(command, result, progress, out));
    } else {
      fail(command, result.getErrorCode(), result.getErrorMessage(), result.getRetryable(), now, out);
    }
    for (long swarmId : affected) {
      reconcile(swarmId, Cause.of(command), now, out);
    }
    return out;
  }

  public Outbox onHeartbeat(Heartbeat heartbeat, Instant now) {
    Outbox out = outbox();
    long hostId = heartbeat.getHostId();
    if (!knownToNetbox(hostId)) {
      // An agent NetBox does not know (yet) gets no state row and no command topic; it is reported once.
      if (strangers.hold(heartbeat)) {
        out.audit(Audits.event(AuditKind.WARNING, Severity.WARNING, null, "unknown-host", "heartbeat of host "
                + hostId + ", which NetBox does not know: ignored until NetBox lists it",
                Cause.of("heartbeat:" + hostId), "unknown-host:" + hostId, now).setHostId(hostId).setObjectType("host").setObjectId(hostId).build());
      }
      return out;
    }
    HostObservation before = world.observations.get(hostId);
    HostObservation observed = observe(heartbeat);
    Long swarmId = claims.owner(hostId);
    if (swarmId == null) {
      return out;
    }
    SwarmProgress progress = world.progress.get(swarmId);
    boolean replan = before == null || (before.address() == null && observed.address() != null);
    if (progress != null && progress.formed()) {
      replan |= detectDrift(progress, observed, heartbeat.getObservedAt(), now, out);
      if (observed.role() == NodeRole.MANAGER && progress.members.containsKey(hostId)
          && !observed.managerAddrs().isEmpty() && observed.clusterId() != null
          && observed.clusterId().equals(progress.clusterId)
          && !observed.managerAddrs().equals(progress.managerAddrs)) {
        world.progress.touch(swarmId).managerAddrs = new ArrayList<>(observed.managerAddrs());
      }
    }
    if (replan) {
      reconcile(swarmId, Cause.of("heartbeat:" + hostId), now, out);
    }
    return out;
  }

  /** Records what the host's agent reports; its command topic is made ahead the first time. */
  private HostObservation observe(Heartbeat heartbeat) {
    long hostId = heartbeat.getHostId();
    HostObservation observed = HostObservation.of(heartbeat);
    HostObservation before = world.observations.get(hostId);
    if (before == null) {
      commandTopics.prepare(List.of(hostId));
    }
    if (!observed.equals(before)) {
      world.observations.put(hostId, observed);
    }
    return observed;
  }

  /** A Host object, or a host a Swarm names (NetBox does not let a Swarm name a host it does not have). */
  private boolean knownToNetbox(long hostId) {
    return world.hosts.get(hostId) != null || claims.owner(hostId) != null || !claims.swarmsListing(hostId).isEmpty();
  }

  private static List<Long> hostsNamedBy(NetboxEvent event) {
    if (event.getAfter() instanceof io.netboxswarm.contracts.netbox.Host) {
      return List.of(event.getObjectId());
    }
    if (event.getAfter() instanceof io.netboxswarm.contracts.netbox.Swarm swarm) {
      List<Long> hosts = new ArrayList<>(swarm.getManagerNodes());
      hosts.addAll(swarm.getWorkerNodes());
      return hosts;
    }
    return List.of();
  }

  /**
   * Retries that are due, and commands whose result never came; then what no longer matters is forgotten. It visits
   * the due commands only (an index by deadline and retry instant), not every command ever sent.
   */
  public Outbox onTick(Instant now) {
    Outbox out = outbox();
    Set<Long> affected = new TreeSet<>();
    List<TrackedCommand> overdue = new ArrayList<>();
    world.forEachCommandDue(TrackedCommand.Status.PENDING,
        now.toEpochMilli() - settings.resultGrace().toMillis() - 1, overdue::add);
    List<TrackedCommand> retries = new ArrayList<>();
    world.forEachCommandDue(TrackedCommand.Status.RETRY_WAIT, now.toEpochMilli(), retries::add);
    for (TrackedCommand command : overdue) {
      world.commands.touch(command.commandId);
      fail(command, "NO_RESULT", "no result from host " + command.hostId
          + " before the deadline", true, now, out);
      affected.add(command.swarmId);
    }
    for (TrackedCommand command : retries) {
      world.commands.touch(command.commandId);
      command.status = TrackedCommand.Status.RETRY_DUE;
      affected.add(command.swarmId);
    }
    for (SwarmProgress progress : world.progress.values()) {
      if (progress.replan) {
        affected.add(progress.swarmId);
      }
    }
    for (long swarmId : affected) {
      reconcile(swarmId, Cause.of("retry"), now, out);
    }
    new SettledCommands(world).prune(now);
    world.forgetTombstones(now);
    return out;
  }

  /**
   * A retryable failure waits for its retry; a permanent one stops the object the command is about (its later steps,
   * and what depends on it) and is reported on that object, once. The swarm's other work goes on.
   */
  private void fail(TrackedCommand command, String code, String message, boolean retryable, Instant now,
      Outbox out) {
    command.errorCode = code;
    command.errorMessage = message;
    // A stale node entry turns down when the managers miss its heartbeats, which may take longer than most retries.
    int budget = "NODE_NOT_DOWN".equals(code) ? settings.maxAttempts() * 2 : settings.maxAttempts();
    if (retryable && command.attempts < budget) {
      command.status = TrackedCommand.Status.RETRY_WAIT;
      command.retryAt = now.plus(settings.backoffFor(command.attempts)).toEpochMilli();
      return;
    }
    command.status = TrackedCommand.Status.FAILED;
    Finding failure = Findings.failure(command, world);
    out.audit(Audits.event(failure.kind(), Severity.DANGER, command.swarmId, failure.rule(), failure.message(),
            Cause.of(command), "failed#" + command.attempts, now)
        .setHostId(command.hostId).setCommandId(command.commandId).setObjectType(failure.objectType())
        .setObjectId(failure.objectId()).build());
    out.write(WriteBacks.journal(failure.objectType(), failure.objectId(), "danger", failure.message(),
        command.swarmId, command.commandId, now));
  }

  /**
   * A NetBox change to an object clears the permanent failures of the steps about it (a Swarm's, those about the
   * swarm and its hosts): they get fresh command ids. A change to the swarm also ends a stop its drift caused.
   */
  private void unblock(long swarmId, NetboxEvent event, Instant now, Outbox out) {
    SwarmProgress progress = world.progress.get(swarmId);
    if (progress == null) {
      return;
    }
    String changedType = event.getObjectType().name().toLowerCase(java.util.Locale.ROOT);
    List<IntentKey> cleared = new ArrayList<>();
    for (TrackedCommand command : world.commands.values()) {
      if (command.swarmId == swarmId && command.status == TrackedCommand.Status.FAILED
          && CommandLedger.commandId(progress, command.intentKey).equals(command.commandId)
          && FailureScope.of(command, world).changedBy(changedType, event.getObjectId())) {
        cleared.add(command.intentKey);
      }
    }
    boolean drift = progress.blockedBy != null && "swarm".equals(changedType);
    if (cleared.isEmpty() && !drift) {
      return;
    }
    progress = world.progress.touch(swarmId);
    for (IntentKey intentKey : cleared) {
      progress.resets.merge(intentKey.toString(), 1, Integer::sum);
    }
    if (drift) {
      if (progress.blockedBy.startsWith("drift:")) {
        progress.reported.removeIf(key -> key.startsWith("drift:"));
      }
      progress.blockedBy = null;
    }
    out.audit(Audits.event(AuditKind.DECISION, Severity.INFO, swarmId, "resume", "NetBox changed " + changedType
        + " " + event.getObjectId() + ": " + (drift ? "the plan of swarm " + swarmId + " resumes" : cleared.size()
        + " failed step(s) about it are tried again"), Cause.of(event), "resume", now)
        .setObjectType(changedType).setObjectId(event.getObjectId()).build());
  }

  private boolean detectDrift(SwarmProgress progress, HostObservation observed, Instant observedAt, Instant now,
      Outbox out) {
    long hostId = observed.hostId();
    Rule drift = Drift.of(progress, observed, observedAt.toEpochMilli());
    Member member = progress.members.get(hostId);
    if (drift == Rule.MEMBER_LEFT) {
      SwarmProgress p = world.progress.touch(progress.swarmId);
      p.members.remove(hostId);
      p.joinGenerations.merge(hostId, 1, Integer::sum);
      if (p.initHost != null && p.initHost == hostId && p.members.values().stream().noneMatch(Member::manager)) {
        // The only manager left by hand: nothing remains of the cluster to join.
        p.forgetCluster();
      } else if (member.nodeId() != null) {
        // Its old entry stays in the managers' node list, down: removed, so that the repaired swarm looks new.
        p.staleNodes.put(member.nodeId(), hostId);
      }
      out.audit(Audits.event(AuditKind.DRIFT, Severity.WARNING, progress.swarmId, drift.id(), "host " + hostId
          + " is no longer in swarm " + progress.swarmId + " (left by hand?); it joins again",
          Cause.of("heartbeat:" + hostId), "member-left:" + hostId + ":" + p.joinGeneration(hostId), now)
          .setHostId(hostId).setObjectType("host").setObjectId(hostId).build());
      return true;
    }
    if (drift == Rule.CLUSTER_REPLACED) {
      String key = "drift:cluster:" + hostId + ":" + observed.clusterId();
      SwarmProgress p = world.progress.touch(progress.swarmId);
      if (p.reported.add(key)) {
        String text = "host " + hostId + " is a manager of cluster " + observed.clusterId() + ", not of "
            + progress.clusterId + ": swarm " + progress.swarmId + " was re-initialized by hand; nothing is changed"
            + " until NetBox changes the swarm";
        p.blockedBy = "drift:cluster: " + text;
        out.audit(Audits.event(AuditKind.DRIFT, Severity.DANGER, progress.swarmId, drift.id(), text,
            Cause.of("heartbeat:" + hostId), key, now).setHostId(hostId).setObjectType("swarm")
            .setObjectId(progress.swarmId).build());
        out.write(WriteBacks.journal("swarm", progress.swarmId, "danger", text, progress.swarmId,
            "heartbeat:" + hostId, now));
      }
    }
    return false;
  }

  private void reconcile(long swarmId, Cause cause, Instant now, Outbox out) {
    SwarmSpec spec = world.swarms.get(swarmId);
    SwarmProgress existing = world.progress.get(swarmId);
    if (spec == null && (existing == null || (!existing.formed() && existing.members.isEmpty()))) {
      if (existing != null) {
        world.progress.remove(swarmId);
      }
      return;
    }
    SwarmProgress progress = world.progressOf(swarmId);
    progress.replan = false;
    if (progress.blockedBy != null && !progress.blockedBy.startsWith("drift:")) {
      // A failed command's id, left by a version that stopped the whole swarm on any permanent failure: now that
      // failed command stops only its own object (FailureScope), so the rest of the swarm goes on.
      progress.blockedBy = null;
    }
    List<TrackedCommand> failed = ledger.failedCommands(progress);
    Decision decision = planner.decide(new PlanInput(spec, progress, Desired.of(world), world.observations,
        Capabilities.of(spec, progress, failed, resealer::canSealFor)));
    out.decided();
    Findings.report(progress, decision, failed, world, cause, now, out);
    if (progress.blockedBy != null) {
      return;
    }
    for (Intent intent : decision.intents()) {
      issuer.issue(intent, progress, cause, now, out);
    }
  }

}
