package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.orchestrator.PrometheusBinaries.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code prometheus/} files as Debian's real promtool reads them: the scrape configuration is valid,
 * the alert rules load, and their unit tests (each alert firing on a failing series, silent on a healthy one) pass.
 */
class PrometheusConfigTest {

  private final Path dir = PrometheusBinaries.configDir();
  private final String promtool = PrometheusBinaries.binary("promtool").toString();

  @Test
  void theScrapeConfigurationIsValid() throws Exception {
    assertSucceeds(PrometheusBinaries.run(dir, promtool, "check", "config", "prometheus.yml"));
  }

  @Test
  void theAlertRulesLoad() throws Exception {
    Run run = PrometheusBinaries.run(dir, promtool, "check", "rules", "alerts.yml");
    assertSucceeds(run);
    assertThat(run.output()).contains("6 rules found");
  }

  @Test
  void eachAlertFiresOnItsFailureAndStaysSilentWhenHealthy() throws Exception {
    assertSucceeds(PrometheusBinaries.run(dir, promtool, "test", "rules", "alerts.test.yml"));
  }

  private static void assertSucceeds(Run run) {
    assertThat(run.exitCode()).as("promtool's exit code; its output:%n%s", run.output()).isZero();
  }
}
