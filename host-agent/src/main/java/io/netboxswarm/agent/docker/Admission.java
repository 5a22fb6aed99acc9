package io.netboxswarm.agent.docker;

import io.netboxswarm.contracts.admission.AdmissionPolicy;
import io.netboxswarm.contracts.admission.AdmissionViolation;
import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.LeaveSwarm;
import io.netboxswarm.contracts.command.UpdateService;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The agent's last line: the admission policy checked on the command's action before the engine is touched, even
 * for a command the orchestrator sent (and signed). A refusal is a {@link CommandFailure} with code
 * {@value #POLICY_VIOLATION}, not retryable: the same command will never pass.
 */
public final class Admission {

  /** The code of a command the policy refused; the command handler reports it as {@code REJECTED}. */
  public static final String POLICY_VIOLATION = "POLICY_VIOLATION";

  private Admission() {
  }

  /**
   * The policy from the agent's settings ({@code NETBOX_SWARM_ADMISSION_BIND_PREFIXES},
   * {@code NETBOX_SWARM_ADMISSION_ALLOWED_IMAGES}, comma separated, as the orchestrator's).
   *
   * @throws IllegalArgumentException naming the setting when an entry is refused (e.g. a prefix of {@code /})
   */
  public static AdmissionPolicy policy(UnaryOperator<String> lookup) {
    try {
      return AdmissionPolicy.parse(lookup.apply(AdmissionPolicy.BINDS_SETTING),
          lookup.apply(AdmissionPolicy.IMAGES_SETTING));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(AdmissionPolicy.BINDS_SETTING + " / " + AdmissionPolicy.IMAGES_SETTING + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * What the policy refuses in this action; empty for actions it does not concern.
   */
  static List<AdmissionViolation> check(AdmissionPolicy policy, Object action) {
    if (action instanceof CreateService a) {
      return policy.check(a.getSpec(), null);
    } else if (action instanceof UpdateService a) {
      return policy.check(a.getSpec(), null);
    } else if (action instanceof LeaveSwarm a) {
      return policy.check(a);
    }
    return List.of();
  }

  /** @throws CommandFailure {@value #POLICY_VIOLATION} with every reason when the policy refuses the action */
  static void enforce(AdmissionPolicy policy, Object action) {
    List<AdmissionViolation> refused = check(policy, action);
    if (!refused.isEmpty()) {
      throw new CommandFailure(POLICY_VIOLATION, action.getClass().getSimpleName() + " refused by the admission"
          + " policy: " + refused.stream().map(AdmissionViolation::toString).collect(Collectors.joining("; ")),
          false);
    }
  }
}
