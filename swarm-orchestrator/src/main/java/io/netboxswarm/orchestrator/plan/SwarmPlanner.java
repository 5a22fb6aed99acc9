package io.netboxswarm.orchestrator.plan;

import io.netboxswarm.contracts.command.RotateJoinToken;
import io.netboxswarm.orchestrator.rules.Evaluation;
import io.netboxswarm.orchestrator.rules.Quorum;
import io.netboxswarm.orchestrator.rules.SwarmRules;
import io.netboxswarm.orchestrator.state.IntentKey;
import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import java.util.Map;
import java.util.Set;

/**
 * One swarm's decision, a function of its {@link PlanInput} alone: the rules, then the next steps of each kind of
 * object. It returns the whole next step set every time; the edge sends only what it has not sent yet, by command
 * id, so deciding twice never sends twice.
 */
public final class SwarmPlanner {

  private final SwarmRules rules;
  private final ServicePlan services;

  public SwarmPlanner(SwarmRules rules) {
    this.rules = rules;
    this.services = new ServicePlan(rules.admission());
  }

  /**
   * The objects are planned in a declared order, each after what it depends on, as the Java Operator SDK orders
   * dependent resources: members; then, on a manager that stays, secrets and overlay networks; services, which
   * mount both; the replaced secret versions, once no service mounts them; the join-token rotation.
   */
  public Decision decide(PlanInput in) {
    SwarmProgress progress = in.progress();
    Evaluation evaluation = rules.evaluate(in.spec(), progress, in.desired());
    Decision out = new Decision(evaluation.violations());
    MembershipPlan.plan(in, evaluation.membership(), out);
    Long manager = progress.formed() ? Quorum.pickManager(progress, null) : null;
    if (manager != null) {
      Set<Long> hosts = evaluation.hosts();
      Map<Long, String> unavailable = in.spec() == null ? Map.of() : SecretPlan.plan(in, evaluation, manager, out);
      Set<String> overlays = NetworkPlan.plan(in, evaluation, hosts, manager, out);
      boolean servicesCurrent = services.plan(in, evaluation, hosts, overlays, unavailable, manager, out);
      SecretPlan.retire(progress, servicesCurrent, manager, out);
      if (in.spec() != null && in.spec().rotationRequest() != null) {
        out.add(new Intent(IntentKey.of("rotate", progress.swarmId, in.spec().rotationRequest()), Step.ROTATE,
            manager, null, null, null, sealing -> new RotateJoinToken(true, true)));
      }
    }
    return out.done();
  }
}
