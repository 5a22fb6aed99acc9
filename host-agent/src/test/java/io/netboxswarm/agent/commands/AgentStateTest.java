package io.netboxswarm.agent.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import io.netboxswarm.agent.docker.ActionExecutor;
import io.netboxswarm.agent.metrics.AgentMetrics;
import io.netboxswarm.agent.metrics.Scrape;
import io.netboxswarm.contracts.admission.AdmissionPolicy;
import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.EndpointMode;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.Inspect;
import io.netboxswarm.contracts.command.MountType;
import io.netboxswarm.contracts.command.RestartCondition;
import io.netboxswarm.contracts.command.RestartPolicy;
import io.netboxswarm.contracts.command.ServiceMount;
import io.netboxswarm.contracts.command.ServiceSpec;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.testkit.FreePorts;

/**
 * The agent's state directory stays bounded: results and intents expire after the retention, a refusal leaves
 * nothing behind, and an intent lasts until a settled result is published. Real files; the engine is a socket with
 * no engine behind it.
 */
class AgentStateTest {

  private static final String DIGEST = "0123456789abcdef";
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  @TempDir
  Path dir;

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void resultsAndIntentsOlderThanTheRetentionArePrunedAndYoungerOnesKept() throws Exception {
    AgentState state = new AgentState(dir, Duration.ofDays(7), clock);
    state.completed().remember(result("old"), DIGEST);
    state.completed().remember(result("recent"), DIGEST);
    state.intents().begin("old", DIGEST);
    state.intents().begin("recent", DIGEST);
    age("old", Duration.ofDays(8));
    age("recent", Duration.ofDays(6));

    state.prune();

    assertThat(state.completed().find("old", DIGEST)).isEmpty();
    assertThat(state.intents().begun("old", DIGEST)).isFalse();
    assertThat(state.completed().find("recent", DIGEST)).get().extracting(CommandResult::getCommandId)
        .isEqualTo("recent");
    assertThat(state.intents().begun("recent", DIGEST)).isTrue();
    assertThat(files()).hasSize(2);
  }

  @Test
  void aRefusalLeavesNoFileAndARetryableFailureKeepsItsIntentUntilASettledResultIsPublished() throws Exception {
    AgentState state = new AgentState(dir, Duration.ofDays(7), clock);
    var noEngine = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost("unix://" + dir.resolve("no-engine.sock")).build();
    var docker = DockerClientImpl.getInstance(noEngine, new ApacheDockerHttpClient.Builder()
        .dockerHost(noEngine.getDockerHost()).build());
    AgentMetrics metrics = new AgentMetrics(3);
    CommandHandler handler = new CommandHandler(3, new ActionExecutor(docker, null, 3, AdmissionPolicy.defaults()),
        state, Clock.systemUTC(), metrics);

    HostCommand refused = command("refused", new CreateService(bindOfTheRoot()));
    CommandResult refusal = handler.handle(refused, DIGEST);
    handler.published(refused, DIGEST, refusal);
    assertThat(refusal.getErrorCode()).isEqualTo("POLICY_VIOLATION");
    assertThat(files()).as("a refusal stores nothing").isEmpty();

    HostCommand inspect = command("inspect", Inspect.newBuilder().build());
    CommandResult unavailable = handler.handle(inspect, DIGEST);
    handler.published(inspect, DIGEST, unavailable);
    assertThat(unavailable.getErrorCode()).isEqualTo("ENGINE_UNAVAILABLE");
    assertThat(state.completed().find("inspect", DIGEST)).isEmpty();
    assertThat(state.intents().begun("inspect", DIGEST)).as("the engine may have acted: kept").isTrue();
    int port = FreePorts.take(1)[0];
    try (var endpoint = metrics.serve("127.0.0.1", port)) {
      assertThat(Scrape.metrics(port)).as("the engine's time: the failed attempt counts, the refusal does not")
          .contains("netbox_swarm_agent_engine_call_seconds_count{action=\"Inspect\"} 1")
          .doesNotContain("action=\"CreateService\"");
    }

    CommandResult settled = CommandResult.newBuilder(unavailable).setStatus(CommandStatus.SUCCEEDED)
        .setErrorCode(null).setErrorMessage(null).setRetryable(false).build();
    handler.published(inspect, DIGEST, settled);
    assertThat(state.intents().begun("inspect", DIGEST)).isFalse();
  }

  private void age(String commandId, Duration age) throws Exception {
    String hex = java.util.HexFormat.of().formatHex(commandId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path file : all.filter(f -> f.getFileName().toString().startsWith(hex + ".")).toList()) {
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
      }
    }
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".sock")).toList();
    }
  }

  private static CommandResult result(String commandId) {
    return CommandResult.newBuilder().setCommandId(commandId).setHostId(3).setStatus(CommandStatus.SUCCEEDED)
        .setRetryable(false).setDurationMillis(1).setCompletedAt(NOW).build();
  }

  private static HostCommand command(String id, Object action) {
    Instant now = Instant.now();
    return HostCommand.newBuilder().setCommandId(id).setHostId(3).setSwarmId(1L).setCausationId(null)
        .setIssuedAt(now).setDeadline(now.plusSeconds(60)).setAction(action).build();
  }

  private static ServiceSpec bindOfTheRoot() {
    return ServiceSpec.newBuilder().setName("web").setImage("busybox").setCommand(null).setEnv(List.of())
        .setLabels(Map.of()).setMounts(List.of(new ServiceMount(MountType.BIND, "/", "/host", false)))
        .setSecrets(List.of()).setNetworks(List.of()).setEndpointMode(EndpointMode.DNSRR)
        .setRestartPolicy(new RestartPolicy(RestartCondition.ANY, null))
        .setPlacementConstraints(List.of("node.id==x1y2z3abcdefghijklmnopqrs")).setReplicas(1).build();
  }
}
