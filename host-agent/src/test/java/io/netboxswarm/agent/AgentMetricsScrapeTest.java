package io.netboxswarm.agent;

import static io.netboxswarm.agent.OrchestratorDouble.command;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.netboxswarm.agent.metrics.Scrape;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.Inspect;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.testkit.FreePorts;
import io.netboxswarm.testkit.Platform;

/**
 * The agent's {@code /metrics} as an operator scrapes it while the agent answers commands through the real broker
 * and registry: refusals the engine never sees (a command past its deadline, a record nobody signed), so no engine
 * is needed. Host id 71.
 */
@ExtendWith(Platform.class)
class AgentMetricsScrapeTest {

  /** Its agents' keys (private ones included) and state, deleted once its tests are done. */
  @TempDir
  static Path scratch;

  private static final long HOST = 71;
  private static final Duration WAIT = Duration.ofSeconds(90);

  static OrchestratorDouble orchestrator;
  static HostAgent agent;
  static int metricsPort;

  @BeforeAll
  static void start() throws Exception {
    Path keys = Files.createTempDirectory(scratch, "agent-keys");
    KeyGenerator.generate("orchestrator", keys);
    KeyGenerator.generate("host-" + HOST, keys);
    orchestrator = new OrchestratorDouble(Platform.broker().clientProperties("admin"), Platform.registry().url(),
        keys);
    metricsPort = FreePorts.take(1)[0];
    agent = new HostAgent(AgentConfig.of(Platform.broker().agentSettings(HOST, Map.of(
        "NETBOX_SWARM_AGENT_HOST_ID", String.valueOf(HOST),
        "NETBOX_SWARM_REGISTRY_URL", Platform.registry().url(),
        "DOCKER_HOST", "unix://" + keys.resolve("no-engine.sock"),
        "NETBOX_SWARM_AGENT_KEYSET_FILE", keys.resolve("host-" + HOST + ".private.json").toString(),
        "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE", keys.resolve("orchestrator.public.json").toString(),
        "NETBOX_SWARM_AGENT_HEARTBEAT_INTERVAL", "1s",
        "NETBOX_SWARM_AGENT_STATE_DIR", Files.createTempDirectory(scratch, "agent-state-" + HOST).toString(),
        "NETBOX_SWARM_AGENT_METRICS_PORT", String.valueOf(metricsPort)))));
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
    if (orchestrator != null) {
      orchestrator.close();
    }
  }

  @Test
  void refusedCommandsAreCountedByActionAndOutcomeWithoutTheirReasons() throws Exception {
    HostCommand expired = HostCommand.newBuilder(command(HOST, null, Inspect.newBuilder().build()))
        .setDeadline(Instant.now().minusSeconds(1)).build();
    orchestrator.send(expired);
    String topic = Topics.commandsFor(HOST);
    HostCommand unsigned = command(HOST, null, Inspect.newBuilder().build());
    orchestrator.sendRaw(topic, orchestrator.serialize(topic, unsigned), new RecordHeaders());

    CommandResult refused = orchestrator.awaitResult(expired.getCommandId(), WAIT);
    assertThat(refused.getErrorCode()).isEqualTo("EXPIRED");
    assertThat(orchestrator.awaitResult(unsigned.getCommandId(), WAIT).getErrorCode()).isEqualTo("BAD_SIGNATURE");

    // A result is on the topic just before it is counted: the scrape is awaited, not taken once.
    String expiredLine = "netbox_swarm_agent_commands_total{action=\"Inspect\",outcome=\"REJECTED\"} 1.0";
    String unsignedLine = "netbox_swarm_agent_commands_total{action=\"unverified\",outcome=\"REJECTED\"} 1.0";
    String text = Await.value("both refusals counted", WAIT, () -> {
      String scraped = Scrape.metrics(metricsPort);
      return scraped.contains(expiredLine) && scraped.contains(unsignedLine) ? scraped : null;
    });
    assertThat(text)
        .contains("netbox_swarm_agent_info{host_id=\"" + HOST + "\"} 1")
        .contains("netbox_swarm_agent_heartbeat_age_seconds ")
        .as("no refusal touched the engine").doesNotContain("netbox_swarm_agent_engine_call_seconds_count")
        .as("reasons stay in the results").doesNotContain(refused.getErrorMessage());
    assertThat(refused.getStatus()).isEqualTo(CommandStatus.REJECTED);
  }
}
