package io.netboxswarm.orchestrator.dryrun;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.writeback.NetboxWrite;
import io.netboxswarm.netbox.mapping.MappedWebhook;
import io.netboxswarm.netbox.mapping.NetboxEventMapper;
import io.netboxswarm.orchestrator.audit.Cause;
import io.netboxswarm.orchestrator.commands.CommandLedger;
import io.netboxswarm.orchestrator.commands.Outbox;
import io.netboxswarm.orchestrator.desired.Applied;
import io.netboxswarm.orchestrator.desired.Claims;
import io.netboxswarm.orchestrator.desired.Desired;
import io.netboxswarm.orchestrator.desired.DesiredState;
import io.netboxswarm.orchestrator.desired.SecretComparison;
import io.netboxswarm.orchestrator.dryrun.DryRunPlan.Finding;
import io.netboxswarm.orchestrator.dryrun.DryRunPlan.PlannedCommand;
import io.netboxswarm.orchestrator.dryrun.DryRunPlan.SwarmPlan;
import io.netboxswarm.orchestrator.dryrun.DryRunPlan.WriteBack;
import io.netboxswarm.orchestrator.plan.Capabilities;
import io.netboxswarm.orchestrator.plan.Decision;
import io.netboxswarm.orchestrator.plan.Intent;
import io.netboxswarm.orchestrator.plan.PlanInput;
import io.netboxswarm.orchestrator.plan.SwarmPlanner;
import io.netboxswarm.orchestrator.reconcile.Findings;
import io.netboxswarm.orchestrator.state.StateStore;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.state.World;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Terraform's plan, Ansible's check mode: what NetBox objects, as they would be after a change, would make the
 * orchestrator do. The objects are mapped as the ingest maps a webhook and applied to a copy of the live state; each
 * swarm they touch is decided by the same {@link SwarmPlanner}. Nothing is carried out: no command is sent, no
 * state written, nothing sealed for an agent (an intent's action is never built).
 */
public final class DryRun {

  private static final String CAUSE = "dry-run";

  private final SwarmPlanner planner;
  private final SecretComparison secrets;
  private final LongPredicate sealable;
  private final NetboxEventMapper mapper;

  /**
   * @param secrets tells a posted Secret's new data from the data it has (a new version is a rotation)
   * @param sealable whether a host's agent has a public keyset
   * @param mapper seals a posted Secret's data for the orchestrator itself, as the ingest does
   */
  public DryRun(SwarmPlanner planner, SecretComparison secrets, LongPredicate sealable, NetboxEventMapper mapper) {
    this.planner = planner;
    this.secrets = secrets;
    this.sealable = sealable;
    this.mapper = mapper;
  }

  /**
   * @param live the orchestrator's state, only read: the world made from it is never flushed
   * @param changes webhook bodies, or {@code {"model": ..., "data": {...}}}; each is taken as the newest state of its
   *     object, made at {@code now} in order, and as an update unless its {@code event} says otherwise
   */
  public DryRunPlan plan(StateStore live, List<JsonNode> changes, Instant now) {
    World world = new World(live).load(); // a copy: the stores give their rows afresh from their bytes
    DesiredState desired = new DesiredState(world, new Claims(world), secrets);
    Set<Long> swarms = new TreeSet<>();
    Set<Long> swarmChanged = new HashSet<>();
    for (int i = 0; i < changes.size(); i++) {
      NetboxEvent event = event(changes.get(i), i, now.plus(i, ChronoUnit.MICROS));
      // What NetBox would hold after the change, whatever the clocks say: the object's last event seen is no newer.
      world.versions.remove(Topics.objectKey(event.getObjectType().name().toLowerCase(Locale.ROOT),
          event.getObjectId()));
      Applied applied = desired.apply(event);
      swarms.addAll(applied.swarms());
      if (applied.changed() && event.getObjectType() == ObjectType.SWARM) {
        swarmChanged.addAll(applied.swarms()); // as the reconciler: a change to a Swarm ends a stop drift caused
      }
    }
    CommandLedger ledger = new CommandLedger(world);
    List<SwarmPlan> plans = new ArrayList<>();
    for (long swarmId : swarms) {
      SwarmSpec spec = world.swarms.get(swarmId);
      SwarmProgress progress = world.progress.get(swarmId);
      if (spec != null || progress != null && (progress.formed() || !progress.members.isEmpty())) {
        plans.add(plan(world, spec, progress == null ? new SwarmProgress(swarmId) : progress,
            !swarmChanged.contains(swarmId), ledger, now));
      }
    }
    return new DryRunPlan(plans);
  }

  private NetboxEvent event(JsonNode change, int index, Instant at) {
    if (!(change instanceof ObjectNode body)) {
      throw new BadChange("change " + index + " must be a JSON object: a webhook body or {\"model\": ..., \"data\":"
          + " {...}}");
    }
    if (!body.has("event")) {
      body.put("event", "updated");
    }
    body.put("timestamp", at.toString()); // the change is made now
    if (mapper.map(body) instanceof MappedWebhook.Event mapped) {
      return mapped.event();
    }
    throw new BadChange("change " + index + " is no object of the netbox-docker-plugin's models " + mapper.models());
  }

  private SwarmPlan plan(World world, SwarmSpec spec, SwarmProgress progress, boolean driftStops,
      CommandLedger ledger, Instant now) {
    List<TrackedCommand> failed = ledger.failedCommands(progress);
    Decision decision = planner.decide(new PlanInput(spec, progress, Desired.of(world), world.observations,
        Capabilities.of(spec, progress, failed, sealable)));
    // As the reconciler: a swarm re-initialized by hand gets nothing until NetBox changes the Swarm.
    String refused = driftStops && progress.blockedBy != null && progress.blockedBy.startsWith("drift:") ? "swarm "
        + progress.swarmId + " was re-initialized by hand (" + progress.blockedBy + "): nothing is sent until NetBox"
        + " changes the Swarm" : null;
    List<PlannedCommand> commands = new ArrayList<>();
    for (Intent i : refused != null ? List.<Intent>of() : decision.intents()) {
      String id = CommandLedger.commandId(progress, i.key());
      if (unsent(world, progress, id)) {
        commands.add(new PlannedCommand(i.step(), i.hostId(), i.subjectHost(), i.objectId(), i.key().toString(), id));
      }
    }
    List<Finding> violations = decision.violations().stream().map(v -> new Finding(v.rule().id(), Severity.DANGER,
        v.message(), v.objectType(), v.objectId(), v.hostId())).toList();
    List<Finding> notices = decision.notices().stream().map(n -> new Finding(n.rule(), n.severity(), n.message(),
        n.objectType(), n.objectId(), n.hostId())).toList();
    // Reported as the reconciler reports them, on this copy of the progress: only what is new is journaled.
    Outbox reported = new Outbox();
    Findings.report(progress, decision, failed, world, Cause.of(CAUSE), now, reported);
    List<WriteBack> writeBacks = reported.records().stream().map(Outbox.Out::value)
        .filter(NetboxWrite.class::isInstance).map(NetboxWrite.class::cast)
        .map(w -> new WriteBack(w.getMethod(), w.getPath(), w.getBody())).toList();
    return new SwarmPlan(progress.swarmId, refused, commands, violations, notices, writeBacks);
  }

  /** Whether the command issuer would send the intent: not pending, waiting or done already. */
  private static boolean unsent(World world, SwarmProgress progress, String id) {
    TrackedCommand tracked = world.commands.get(id);
    return tracked == null ? !progress.succeeded.containsValue(id) : tracked.status == TrackedCommand.Status.RETRY_DUE;
  }
}
