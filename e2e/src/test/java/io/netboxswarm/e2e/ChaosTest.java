package io.netboxswarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.testkit.docker.DockerEngines;
import io.netboxswarm.testkit.docker.Engines;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A few seeded chaos runs in the test command (scripts/chaos.sh runs as many as asked): the broker, the registry,
 * the orchestrator, an agent and an engine crash at seeded moments during formation, membership changes, secret and
 * service creation, and the swarm still ends as NetBox wants it, with every invariant kept. The seeds are fixed so
 * that the test command replays the same fault schedules; {@code -Dchaos.seeds=1,2,3} chooses others.
 */
@ExtendWith(DockerEngines.class)
class ChaosTest {

  static Stream<Long> seeds() {
    return Arrays.stream(System.getProperty("chaos.seeds", "1,2").split(",")).map(String::trim).map(Long::valueOf);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theSwarmConvergesToNetboxAndKeepsEveryInvariantThroughCrashes(long seed, Engines engines) throws Exception {
    ChaosOutcome outcome = ChaosRun.run(seed, engines, Path.of("target", "chaos-logs").toAbsolutePath());
    System.out.println(outcome.summary());
    assertThat(outcome.faults().values().stream().mapToInt(Integer::intValue).sum())
        .as("faults injected").isPositive();
    assertThat(outcome.violations()).as(outcome.summary()).isEmpty();
    assertThat(outcome.converged()).as(outcome.summary()).isTrue();
  }
}
