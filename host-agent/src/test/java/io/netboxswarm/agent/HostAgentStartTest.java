package io.netboxswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.sealing.SealingException;

/**
 * The agent reads its keysets beside its clients' start-up, so that the first heartbeat leaves early: a keyset it
 * cannot read must still end the start with the reason, and leave no thread behind to keep the process alive as a
 * half-started agent that heartbeats but runs no command.
 */
class HostAgentStartTest {

  @TempDir
  Path dir;

  @Test
  void anUnreadableKeysetEndsTheStartWithItsReasonAndLeavesNoThreadRunning() throws Exception {
    KeyGenerator.generate(SealingContext.ORCHESTRATOR, dir);
    AgentConfig config = AgentConfig.of(Map.of(
        "NETBOX_SWARM_AGENT_HOST_ID", "41",
        "NETBOX_SWARM_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
        "NETBOX_SWARM_REGISTRY_URL", "http://127.0.0.1:1/apis/registry/v3",
        "DOCKER_HOST", "unix://" + dir.resolve("no-engine.sock"),
        "NETBOX_SWARM_AGENT_KEYSET_FILE", dir.resolve("host-41.private.json").toString(),
        "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE", dir.resolve("orchestrator.public.json").toString(),
        "NETBOX_SWARM_AGENT_STATE_DIR", Files.createDirectories(dir.resolve("state")).toString()));

    assertThatThrownBy(() -> new HostAgent(config)).isInstanceOf(SealingException.class)
        .hasMessageContaining("host-41.private.json");

    long deadline = System.nanoTime() + 10_000_000_000L;
    List<String> left;
    do {
      left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
          .filter(n -> n.equals("heartbeat") || n.equals("commands") || n.contains("host-agent-41")).toList();
      if (!left.isEmpty()) {
        Thread.sleep(50);
      }
    } while (!left.isEmpty() && System.nanoTime() < deadline);
    assertThat(left).as("the agent's threads after a failed start").isEmpty();
  }
}
