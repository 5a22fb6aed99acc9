package io.netboxswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

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
    AgentConfig config = AgentConfig.of(NothingReachable.settings(dir));

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
