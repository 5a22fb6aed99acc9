package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netboxswarm.testkit.FreePorts;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.netbox.NetboxApiDouble;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator's Prometheus reads on the orchestrator's {@code /actuator/prometheus} (management port) once it
 * has formed a swarm: every metric the alerts and the README name, the commands sent counted; then Debian's real
 * Prometheus, run with the shipped prometheus.yml and alerts.yml pointed at this orchestrator, scrapes it and loads
 * the alerts; last, a restart's state restore is timed.
 */
@ExtendWith(Platform.class)
class MetricsTest extends Scenario {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> NAMES = List.of("swarm_orchestrator_decisions_total",
      "swarm_orchestrator_commands_sent_total", "swarm_orchestrator_commands_pending",
      "swarm_orchestrator_commands_oldest_pending_seconds", "swarm_orchestrator_command_latency_seconds_bucket",
      "swarm_orchestrator_command_latency_seconds_count", "swarm_orchestrator_violations",
      "swarm_orchestrator_writebacks_pending", "swarm_orchestrator_writebacks_failed_total",
      "swarm_orchestrator_writer_up", "swarm_orchestrator_state_restore_seconds_count",
      "swarm_orchestrator_host_heartbeat_age_seconds", "swarm_orchestrator_stream_retrying",
      "swarm_orchestrator_stream_step_age_seconds");

  @Test
  void theActuatorServesTheOrchestratorsMetricsAndARealPrometheusScrapesThemWithTheAlerts() throws Exception {
    String before = scrape();
    assertThat(value(before, "swarm_orchestrator_commands_sent_total", "action=\"init\"")).hasValue(0);

    String clusterId = formSwarm(5, List.of(1L), List.of());

    // The tick sums up the state once a second: host 1, known since the swarm named it, is watched, and the init,
    // answered, is no longer pending.
    String after = await().atMost(Duration.ofSeconds(30)).until(this::scrape,
        body -> value(body, "swarm_orchestrator_host_heartbeat_age_seconds", "host=\"1\"").isPresent()
            && value(body, "swarm_orchestrator_commands_pending", "action=\"init\"").orElse(-1) == 0);
    for (String name : NAMES) {
      assertThat(after).as("the scrape has %s", name).containsPattern("(?m)^" + name + "[{ ]");
    }
    assertThat(value(after, "swarm_orchestrator_commands_sent_total", "action=\"init\"")).hasValue(1);
    assertThat(value(after, "swarm_orchestrator_command_latency_seconds_count", "action=\"init\"")).hasValue(1);
    assertThat(value(after, "swarm_orchestrator_decisions_total", "").orElseThrow()).isPositive();
    assertThat(value(after, "swarm_orchestrator_writer_up", "")).hasValue(1);
    assertThat(value(after, "swarm_orchestrator_violations", "")).hasValue(0);
    assertThat(value(after, "swarm_orchestrator_stream_step_age_seconds", "").orElseThrow())
        .as("the stream thread ticks every second: far from the 60 s alert").isLessThan(30.0);
    assertThat(after).doesNotContain(OrchestratorRun.ADMIN_TOKEN, NetboxApiDouble.TOKEN,
        Agents.workerToken(clusterId), Agents.managerToken(clusterId));

    scrapedByARealPrometheus();

    // A restart on an empty state directory restores the state from the changelogs, timed; host 1, known from the
    // restored state and not heard from since the start, is watched at once.
    orchestrator.close();
    orchestrator = startOrchestrator(Files.createDirectories(tmp.resolve("state-after-restart")));
    String restarted = await().atMost(Duration.ofSeconds(30)).until(this::scrape,
        body -> value(body, "swarm_orchestrator_host_heartbeat_age_seconds", "host=\"1\"").isPresent());
    assertThat(value(restarted, "swarm_orchestrator_state_restore_seconds_count", "").orElseThrow()).isPositive();
  }

  /**
   * The shipped prometheus.yml with its targets moved: the orchestrator's to this one, the ingest's and the agent's
   * to ports where nothing listens; scraped every second, its alerts.yml evaluated every second.
   */
  private void scrapedByARealPrometheus() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("prometheus"));
    int[] ports = FreePorts.take(3);
    String config = Files.readString(PrometheusBinaries.configDir().resolve("prometheus.yml"))
        .replace("swarm-orchestrator:9082", "127.0.0.1:" + orchestrator.managementPort())
        .replace("netbox-ingest:9081", "127.0.0.1:" + ports[1])
        .replace("host-agent:9083", "127.0.0.1:" + ports[2])
        .replace("scrape_interval: 15s", "scrape_interval: 1s")
        .replace("evaluation_interval: 15s", "evaluation_interval: 1s");
    assertThat(config).contains("127.0.0.1:" + orchestrator.managementPort(), "scrape_interval: 1s");
    Files.writeString(dir.resolve("prometheus.yml"), config);
    Files.copy(PrometheusBinaries.configDir().resolve("alerts.yml"), dir.resolve("alerts.yml"));
    Path log = dir.resolve("prometheus.log");
    Process prometheus = new ProcessBuilder(PrometheusBinaries.binary("prometheus").toString(),
        "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + ports[0]).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      JsonNode decisions = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> api(ports[0], "/api/v1/query?query="
              + URLEncoder.encode("swarm_orchestrator_decisions_total", StandardCharsets.UTF_8)),
              answer -> !answer.path("data").path("result").isEmpty());
      JsonNode series = decisions.path("data").path("result").get(0);
      assertThat(series.path("metric").path("job").stringValue()).isEqualTo("swarm-orchestrator");
      assertThat(Double.parseDouble(series.path("value").get(1).stringValue())).isPositive();

      JsonNode rules = api(ports[0], "/api/v1/rules");
      List<String> loaded = new ArrayList<>();
      for (JsonNode group : rules.path("data").path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          loaded.add(rule.path("name").stringValue());
          assertThat(rule.path("health").stringValue()).as("%s's evaluation", rule.path("name")).isNotEqualTo("err");
        }
      }
      assertThat(loaded).contains("AgentSilent", "AgentDown", "CommandStuck", "NetboxWriterDown",
          "OrchestratorDown");
      // The agent's target does not answer: its alert is evaluated on the real up series and pending (for: 2m).
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> api(ports[0], "/api/v1/alerts"),
          alerts -> alerts.path("data").path("alerts").toString().contains("\"alertname\":\"AgentDown\""));
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("with Prometheus's log:\n" + Files.readString(log), e);
    } finally {
      prometheus.destroy();
      if (!prometheus.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
  }

  private JsonNode api(int port, String path) {
    HttpResponse<String> response = orchestrator.get(port, path, null);
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private String scrape() {
    HttpResponse<String> response = orchestrator.get(orchestrator.managementPort(), "/actuator/prometheus", null);
    assertThat(response.statusCode()).as("/actuator/prometheus: %s", response.body()).isEqualTo(200);
    return response.body();
  }

  /** The value of the first sample of {@code name} whose labels contain {@code labels}. */
  private static OptionalDouble value(String body, String name, String labels) {
    return body.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .filter(line -> line.substring(name.length()).startsWith("{") ? line.contains(labels) : labels.isEmpty())
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst();
  }
}
