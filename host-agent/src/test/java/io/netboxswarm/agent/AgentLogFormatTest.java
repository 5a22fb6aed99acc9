package io.netboxswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.sealing.KeyGenerator;

/**
 * The agent's log as an operator reads it, from the agent's own JVM started as a user starts it (its broker away):
 * every line with its timestamp, level, component and host, in text or, one setting away, in ECS JSON with the
 * Spring applications' fields; none of the Kafka clients' configuration dumps.
 */
class AgentLogFormatTest {

  private static final String TEXT_LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) +"
      + "(TRACE|DEBUG|INFO|WARN|ERROR) \\d+ --- \\[host-agent] \\[host-41] \\[.{15}] \\S+ +: .*";

  @TempDir
  Path dir;

  @Test
  void everyLineHasItsTimestampLevelComponentAndHostAndNoClientConfiguration() throws Exception {
    List<String> lines = startedAgentLog(Map.of());

    assertThat(lines).allSatisfy(line -> assertThat(line).matches(TEXT_LINE));
    assertThat(String.join("\n", lines)).doesNotContain("values:").doesNotContain("ProducerConfig")
        .doesNotContain("ConsumerConfig");
  }

  @Test
  void oneSettingMakesEveryLineEcsJson() throws Exception {
    List<String> lines = startedAgentLog(Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"));

    ObjectMapper json = new ObjectMapper();
    assertThat(lines).allSatisfy(line -> {
      JsonNode event = json.readTree(line);
      assertThat(event.path("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      assertThat(event.path("log").path("level").asText()).isIn("INFO", "WARN", "ERROR");
      assertThat(event.path("log").path("logger").asText()).isNotEmpty();
      assertThat(event.path("service").path("name").asText()).isEqualTo("host-agent");
      assertThat(event.path("host").path("id").asText()).isEqualTo("41");
      assertThat(event.path("process").path("thread").path("name").asText()).isNotEmpty();
      assertThat(event.path("ecs").path("version").asText()).isNotEmpty();
    });
  }

  /** The agent's output once it has started and its Kafka clients have tried the broker that is not there. */
  private List<String> startedAgentLog(Map<String, String> extra) throws IOException, InterruptedException {
    KeyGenerator.generate(SealingContext.ORCHESTRATOR, dir);
    KeyGenerator.generate(SealingContext.hostRecipient(41), dir);
    Map<String, String> env = new HashMap<>(NothingReachable.settings(dir));
    env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "text");
    env.putAll(extra);
    Path log = dir.resolve("agent.log");
    try (AgentProcess agent = AgentProcess.start(env, log)) {
      Await.until("the agent started and its clients tried the broker", Duration.ofSeconds(60), () -> {
        String out = read(log);
        return out.contains("host agent for host 41 started") && out.contains("127.0.0.1:1");
      });
    }
    return Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
