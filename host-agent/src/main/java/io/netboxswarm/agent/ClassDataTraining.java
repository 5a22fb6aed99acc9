package io.netboxswarm.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.netboxswarm.agent.logging.AgentLogging;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.sealing.KeyGenerator;

/**
 * The training run behind the agent's class-data sharing archive: {@code java @agent.jvm-flags
 * -XX:ArchiveClassesAtExit=host-agent.jsa -cp host-agent.jar io.netboxswarm.agent.ClassDataTraining}, which is
 * what {@code host-agent/class-data.sh} runs: in the Maven build, beside the jar, and in the image's build.
 *
 * <p>It starts the real agent for a few seconds against a broker, registry and engine that are not there, with
 * throwaway keys: the classes a start loads (Kafka's clients, the registry serde, docker-java, Tink) are the ones
 * the archive then serves already parsed and verified, which is most of the agent's start-up time. Nothing is
 * reached, nothing is kept.
 */
public final class ClassDataTraining {

  private ClassDataTraining() {
  }

  public static void main(String[] args) throws Exception {
    // The unreachable endpoints are the point: their warnings are not news.
    AgentLogging.off();
    Path scratch = Files.createTempDirectory("host-agent-training");
    try {
      KeyGenerator.generate(SealingContext.ORCHESTRATOR, scratch);
      KeyGenerator.generate(SealingContext.hostRecipient(1), scratch);
      AgentConfig config = AgentConfig.of(Map.of(
          AgentConfig.HOST_ID, "1",
          AgentConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1",
          AgentConfig.REGISTRY_URL, "http://127.0.0.1:1/apis/registry/v3",
          "DOCKER_HOST", "unix://" + scratch.resolve("no-engine.sock"),
          AgentConfig.KEYSET_FILE, scratch.resolve(SealingContext.hostRecipient(1) + ".private.json").toString(),
          AgentConfig.ORCHESTRATOR_PUBLIC_KEYSET_FILE, scratch.resolve(SealingContext.ORCHESTRATOR + ".public.json").toString(),
          AgentConfig.STATE_DIR, scratch.resolve("state").toString(),
          AgentConfig.HEARTBEAT_INTERVAL, "1s"));
      try (HostAgent agent = new HostAgent(config)) {
        Thread.sleep(Duration.ofSeconds(3).toMillis()); // a few heartbeats and polls, each failing
      }
    } finally {
      delete(scratch);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
