package io.netboxswarm.orchestrator.reconcile;

import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.orchestrator.audit.Audits;
import io.netboxswarm.orchestrator.audit.Cause;
import io.netboxswarm.orchestrator.commands.FailureScope;
import io.netboxswarm.orchestrator.commands.Outbox;
import io.netboxswarm.orchestrator.netbox.WriteBacks;
import io.netboxswarm.orchestrator.plan.Decision;
import io.netboxswarm.orchestrator.plan.Notice;
import io.netboxswarm.orchestrator.rules.Drift;
import io.netboxswarm.orchestrator.rules.Rule;
import io.netboxswarm.orchestrator.rules.Violation;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmProgress.Finding;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.state.World;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a decision reports: each violation and notice audited (and journaled in NetBox) once while it lasts, the
 * ended ones forgotten, and what is in force, the permanent failures included, kept for the status API. The
 * reconciler and the dry run report through here, so a dry run shows the journal entries the real run would post.
 */
public final class Findings {

  private Findings() {
  }

  public static void report(SwarmProgress progress, Decision decision, List<TrackedCommand> failed, World world,
      Cause cause, Instant now, Outbox out) {
    List<Finding> inForce = new ArrayList<>();
    Set<String> current = new HashSet<>();
    for (Violation v : decision.violations()) {
      Finding found = new Finding(AuditKind.VIOLATION, Severity.DANGER, v.rule().id(), v.message(), v.objectType(),
          v.objectId(), v.hostId(), null);
      inForce.add(found);
      current.add(v.key());
      reportOnce(progress, v.key(), found, "danger", v.message() + " [" + v.rule().id() + "]", cause, now, out);
    }
    for (Notice n : decision.notices()) {
      Finding found = new Finding(n.kind(), n.severity(), n.rule(), n.message(), n.objectType(), n.objectId(),
          n.hostId(), null);
      inForce.add(found);
      current.add("notice:" + n.key());
      reportOnce(progress, "notice:" + n.key(), found, n.journal() ? "warning" : null, n.message(), cause, now, out);
    }
    failed.forEach(command -> inForce.add(failure(command, world)));
    progress.inForce = inForce;
    progress.reported.removeIf(key -> (key.startsWith("violation:") || key.startsWith("notice:"))
        && !current.contains(key));
  }

  /** A permanent failure, on the object its command is about; a foreign cluster is a violation. */
  static Finding failure(TrackedCommand command, World world) {
    FailureScope scope = FailureScope.of(command, world);
    boolean foreign = Drift.FOREIGN_CLUSTER_CODE.equals(command.errorCode);
    return new Finding(foreign ? AuditKind.VIOLATION : AuditKind.DECISION, Severity.DANGER,
        foreign ? Rule.FOREIGN_CLUSTER.id() : command.step.rule(), scope.failure(command), scope.objectType(),
        scope.objectId(), command.hostId, command.commandId);
  }

  /** An audit event and, with a journal kind, a NetBox journal entry on the object, the first time only. */
  private static void reportOnce(SwarmProgress progress, String key, Finding found, String journalKind,
      String journalText, Cause cause, Instant now, Outbox out) {
    if (progress.reported.add(key)) {
      out.audit(Audits.event(found.kind(), found.severity(), progress.swarmId, found.rule(), found.message(), cause,
              key, now)
          .setObjectType(found.objectType()).setObjectId(found.objectId()).setHostId(found.hostId()).build());
      if (journalKind != null) {
        out.write(WriteBacks.journal(found.objectType(), found.objectId(), journalKind, journalText,
            progress.swarmId, cause.id(), now));
      }
    }
  }
}
