package io.netboxswarm.e2e;

import java.util.List;
import java.util.Map;

/**
 * What one seeded chaos run showed: the faults it injected, whether every engine came to NetBox's desired state
 * and how long after the last fault, and every invariant it found broken (empty is the goal).
 */
record ChaosOutcome(long seed, Map<Fault, Integer> faults, boolean converged, long convergeMillis,
    int refusedDeliveries, List<String> violations, List<FaultInjector.Injected> schedule) {

  ChaosOutcome {
    faults = Map.copyOf(faults);
    violations = List.copyOf(violations);
    schedule = List.copyOf(schedule);
  }

  boolean passed() {
    return converged && violations.isEmpty();
  }

  /** One line per run, and the replay hint. */
  String summary() {
    return "seed " + seed + ": " + (passed() ? "passed" : "FAILED") + ", faults " + faults + ", "
        + (converged ? "converged " + convergeMillis + " ms after the last fault" : "did not converge")
        + ", deliveries refused and sent again " + refusedDeliveries
        + (violations.isEmpty() ? "" : ", violations " + violations)
        + (passed() ? "" : " (replay: scripts/chaos.sh --seed " + seed + "; schedule " + schedule + ")");
  }
}
