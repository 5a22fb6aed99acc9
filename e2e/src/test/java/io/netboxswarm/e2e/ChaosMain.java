package io.netboxswarm.e2e;

import io.netboxswarm.testkit.docker.DockerEngines;
import io.netboxswarm.testkit.docker.Engines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/chaos.sh --runs N [--seed S]}: N seeded chaos runs (seeds S, S+1, ...; S random unless given),
 * one line each, then the table: runs, faults injected by kind, converged, time to converge p50/p99, invariant
 * violations. A failing run prints its seed; {@code --seed S --runs 1} replays it.
 */
public final class ChaosMain {

  private ChaosMain() {
  }

  public static void main(String[] args) throws Exception {
    int runs = 3;
    long seed = System.nanoTime() % 1_000_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("usage: chaos.sh [--runs N] [--seed S]; got " + args[i]);
      }
    }
    Engines engines = DockerEngines.engines();
    Path logs = Path.of("target", "chaos-logs").toAbsolutePath();
    List<ChaosOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      ChaosOutcome outcome;
      try {
        outcome = ChaosRun.run(seed + i, engines, logs);
      } catch (Exception | AssertionError e) {
        outcome = new ChaosOutcome(seed + i, Map.of(), false, 0, 0, List.of("run aborted: " + e), List.of());
      }
      outcomes.add(outcome);
      System.out.println(outcome.summary());
    }
    System.out.println(table(outcomes));
    System.exit(outcomes.stream().allMatch(ChaosOutcome::passed) ? 0 : 1);
  }

  static String table(List<ChaosOutcome> outcomes) {
    Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
    outcomes.forEach(o -> o.faults().forEach((k, v) -> faults.merge(k, v, Integer::sum)));
    List<Long> times = outcomes.stream().filter(ChaosOutcome::converged).map(ChaosOutcome::convergeMillis).sorted()
        .toList();
    long violations = outcomes.stream().mapToLong(o -> o.violations().size()).sum();
    long failedRuns = outcomes.stream().filter(o -> !o.passed()).count();
    return String.join("\n",
        "| runs | faults injected | converged | converge p50 | converge p99 | invariant violations |",
        "|---|---|---|---|---|---|",
        "| " + outcomes.size() + " | " + faults + " | " + times.size() + " of " + outcomes.size() + " | "
            + percentile(times, 50) + " | " + percentile(times, 99) + " | " + violations + " (in " + failedRuns
            + " runs) |");
  }

  private static String percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return "-";
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return String.format("%.1f s", sorted.get(Math.max(0, index)) / 1000.0);
  }
}
