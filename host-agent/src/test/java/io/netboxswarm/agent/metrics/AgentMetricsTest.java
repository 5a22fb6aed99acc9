package io.netboxswarm.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.testkit.FreePorts;

/**
 * The agent's {@code /metrics} as Prometheus scrapes it, from the real exporter on a real port: the names and labels
 * the alert rules are written against, and the heartbeat's age on a clock the test moves.
 */
@Tag("fast")
class AgentMetricsTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AgentMetrics metrics = new AgentMetrics(7, nanos::get);

  @Test
  void commandsEngineCallsAndTheHostAreScrapedUnderTheirNames() throws Exception {
    metrics.commandAnswered(AgentMetrics.action(new InitSwarm()), CommandStatus.SUCCEEDED);
    metrics.commandAnswered("InitSwarm", CommandStatus.SUCCEEDED);
    metrics.commandAnswered(AgentMetrics.UNVERIFIED, CommandStatus.REJECTED);
    metrics.engineCall("InitSwarm", Duration.ofMillis(1500));

    String text = scrape();

    assertThat(text)
        .contains("# TYPE netbox_swarm_agent_commands_total counter")
        .contains("netbox_swarm_agent_commands_total{action=\"InitSwarm\",outcome=\"SUCCEEDED\"} 2.0")
        .contains("netbox_swarm_agent_commands_total{action=\"unverified\",outcome=\"REJECTED\"} 1.0")
        .contains("# TYPE netbox_swarm_agent_engine_call_seconds histogram")
        .contains("netbox_swarm_agent_engine_call_seconds_bucket{action=\"InitSwarm\",le=\"1.0\"} 0")
        .contains("netbox_swarm_agent_engine_call_seconds_bucket{action=\"InitSwarm\",le=\"2.5\"} 1")
        .contains("netbox_swarm_agent_engine_call_seconds_count{action=\"InitSwarm\"} 1")
        .contains("netbox_swarm_agent_engine_call_seconds_sum{action=\"InitSwarm\"} 1.5")
        .contains("# TYPE netbox_swarm_agent_heartbeat_age_seconds gauge")
        .contains("# TYPE netbox_swarm_agent_info gauge")
        .contains("netbox_swarm_agent_info{host_id=\"7\"} 1");
  }

  @Test
  void theHeartbeatAgeCountsFromTheStartThenFromTheLastAcknowledgedHeartbeat() throws Exception {
    nanos.addAndGet(Duration.ofSeconds(12).toNanos());
    assertThat(scrape()).contains("netbox_swarm_agent_heartbeat_age_seconds 12.0");

    metrics.heartbeatAcknowledged();
    nanos.addAndGet(Duration.ofSeconds(3).toNanos());
    assertThat(scrape()).contains("netbox_swarm_agent_heartbeat_age_seconds 3.0");
  }

  @Test
  void aTakenPortIsReportedToTheCaller() throws Exception {
    int port = FreePorts.take(1)[0];
    try (Closeable first = metrics.serve("127.0.0.1", port)) {
      assertThatThrownBy(() -> new AgentMetrics(8).serve("127.0.0.1", port)).isInstanceOf(IOException.class);
    }
  }

  /** What Prometheus gets at /metrics, in the text format it asks for. */
  private String scrape() throws Exception {
    int port = FreePorts.take(1)[0];
    try (Closeable endpoint = metrics.serve("127.0.0.1", port)) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
              .header("Accept", "text/plain;version=0.0.4").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    }
  }
}
