package io.netboxswarm.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Closeable;
import java.io.IOException;
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

  /** The agent's metrics served on a free port for one scrape. */
  private String scrape() throws IOException {
    int port = FreePorts.take(1)[0];
    try (Closeable endpoint = metrics.serve("127.0.0.1", port)) {
      return Scrape.metrics(port);
    }
  }
}
