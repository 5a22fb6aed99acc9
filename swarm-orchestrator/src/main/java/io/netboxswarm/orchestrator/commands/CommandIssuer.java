package io.netboxswarm.orchestrator.commands;

import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.orchestrator.audit.Audits;
import io.netboxswarm.orchestrator.audit.Cause;
import io.netboxswarm.orchestrator.plan.Intent;
import io.netboxswarm.orchestrator.plan.Sealing;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.state.World;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an intent into a command on its host's topic, unless that intent's command is already pending, waiting for
 * its retry, or done. Every command sent is tracked and audited.
 */
public final class CommandIssuer {

  private static final Logger log = LoggerFactory.getLogger(CommandIssuer.class);

  private final World world;
  private final CommandSettings settings;
  private final CommandTopics commandTopics;
  private final Sealing sealing;

  /**
   * @param commandTopics makes sure a host's command topic exists before the first command to it
   * @param sealing seals what a command carries for its agent, when it is sent
   */
  public CommandIssuer(World world, CommandSettings settings, CommandTopics commandTopics, Sealing sealing) {
    this.world = world;
    this.settings = settings;
    this.commandTopics = commandTopics;
    this.sealing = sealing;
  }

  /**
   * Returns whether a command was sent. A command sent again keeps the user and request id of the change that
   * caused it first.
   */
  public boolean issue(Intent intent, SwarmProgress progress, Cause cause, Instant now, Outbox out) {
    String id = CommandLedger.commandId(progress, intent.key());
    TrackedCommand tracked = world.commands.get(id);
    if (tracked != null && tracked.status != TrackedCommand.Status.RETRY_DUE
        || tracked == null && CommandLedger.succeededAndForgotten(progress, id)) {
      return false;
    }
    try {
      commandTopics.ensure(intent.hostId());
    } catch (RuntimeException e) {
      // The broker could not make the host's topic now: nothing is sent or tracked, the swarm is planned again
      // on the next tick.
      log.warn("no command topic for host {}: {}", intent.hostId(), e.getMessage());
      progress.replan = true;
      return false;
    }
    if (tracked == null) {
      tracked = new TrackedCommand();
      tracked.commandId = id;
      tracked.intentKey = intent.key();
      tracked.step = intent.step();
      tracked.hostId = intent.hostId();
      tracked.swarmId = progress.swarmId;
      tracked.subjectHost = intent.subjectHost();
      tracked.objectId = intent.objectId();
      tracked.subject = intent.subject();
      tracked.causationId = cause.id();
      tracked.user = cause.user();
      tracked.requestId = cause.requestId();
    }
    Cause by = new Cause(cause.id(), tracked.user, tracked.requestId);
    FailureScope about = FailureScope.of(tracked, world);
    Object action;
    try {
      action = intent.action().apply(sealing);
    } catch (RuntimeException e) {
      // Sealing for a host can fail (a bad keyset file): that is reported, the rest of the plan goes on.
      log.warn("cannot build {} for host {}: {}", intent.step(), intent.hostId(), e.getClass().getSimpleName());
      out.audit(Audits.event(AuditKind.DECISION, Severity.WARNING, progress.swarmId, intent.step().rule(),
          "cannot build the " + intent.step().rule() + " command for host " + intent.hostId() + ": "
              + e.getClass().getSimpleName(), by, intent.key().toString(), now)
          .setHostId(intent.hostId()).setObjectType(about.objectType()).setObjectId(about.objectId()).build());
      return false;
    }
    tracked.status = TrackedCommand.Status.PENDING;
    tracked.attempts++;
    tracked.issuedAt = now.toEpochMilli();
    tracked.deadline = now.plus(settings.deadline()).toEpochMilli();
    world.commands.put(id, tracked);
    if (intent.subject() != null) {
      progress.latest.put(intent.subject(), id);
    }
    out.command(HostCommand.newBuilder().setCommandId(id).setHostId(intent.hostId()).setSwarmId(progress.swarmId)
        .setCausationId(cause.id()).setIssuedAt(now).setDeadline(Instant.ofEpochMilli(tracked.deadline))
        .setAction(action).build());
    out.audit(Audits.event(AuditKind.COMMAND_ISSUED, Severity.INFO, progress.swarmId, intent.step().rule(),
            intent.step().rule() + " sent to host " + intent.hostId()
                + (intent.subjectHost() != null && intent.subjectHost() != intent.hostId()
                    ? " for host " + intent.subjectHost() : "")
                + (tracked.attempts > 1 ? " (attempt " + tracked.attempts + ")" : ""),
            by, id + "#" + tracked.attempts, now)
        .setHostId(intent.hostId()).setCommandId(id).setObjectType(about.objectType()).setObjectId(about.objectId())
        .setDetails(Map.of("action", action.getClass().getSimpleName(), "attempt", String.valueOf(tracked.attempts)))
        .build());
    return true;
  }
}
