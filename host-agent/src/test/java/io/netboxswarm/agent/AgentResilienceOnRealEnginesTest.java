package io.netboxswarm.agent;

import static io.netboxswarm.agent.OrchestratorDouble.command;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.LocalNodeState;

import io.netboxswarm.contracts.command.CreateNetwork;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.Inspect;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.contracts.result.NetworkOutcome;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.docker.DockerEngines;
import io.netboxswarm.testkit.docker.Engine;
import io.netboxswarm.testkit.docker.Engines;

/**
 * The agent through what happens to it in production: its engine restarted while a command is pending, the broker
 * gone while a result is due, the registry not there yet when it starts. Real engines, the real broker (stopped
 * and restarted) and the real registry. Host ids 11-13 (engines 1-3) keep these agents' topics and consumer
 * groups apart from the other agent tests sharing the broker.
 */
@ExtendWith({Platform.class, DockerEngines.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentResilienceOnRealEnginesTest {

  /** Its agents' keys (private ones included) and state, deleted once its tests are done. */
  @TempDir
  static Path scratch;

  private static final Duration WAIT = Duration.ofSeconds(90);

  static Engines engines;
  static OrchestratorDouble orchestrator;
  static final List<HostAgent> agents = new ArrayList<>();
  static Path keys;
  static AgentLog log;

  @BeforeAll
  static void start(Engines fixture) throws Exception {
    engines = fixture;
    engines.resetSwarms();
    log = new AgentLog();
    keys = Files.createTempDirectory(scratch, "agent-keys");
    KeyGenerator.generate("orchestrator", keys);
    for (long host = 11; host <= 13; host++) {
      KeyGenerator.generate("host-" + host, keys);
    }
    orchestrator = new OrchestratorDouble(Platform.broker().clientProperties("admin"), Platform.registry().url(),
        keys);
  }

  @AfterAll
  static void stop() {
    agents.forEach(HostAgent::close);
    if (log != null) {
      log.close();
    }
    if (orchestrator != null) {
      orchestrator.close();
    }
    Platform.broker().restart(); // no-op unless a test failed mid-outage
    engines.all().forEach(Engine::start); // idem
    engines.resetSwarms();
  }

  @Test
  @Order(1)
  void aCommandSentWhileTheEngineIsDownRunsOnceItIsBackAndHeartbeatsTellTheOutage() throws Exception {
    Engine engine = engines.engine(1);
    startAgent(11, engine, Platform.registry().url());
    awaitLive(11);

    engine.stop();
    Heartbeat down = orchestrator.awaitHeartbeat(11, h -> !h.getEngineReachable(), WAIT);
    assertThat(down.getError()).as("the heartbeat says why").isNotBlank();
    assertThat(down.getHostAddress()).isEqualTo(engine.address());

    HostCommand init = command(11, 21L, new InitSwarm("0.0.0.0:2377", engine.address() + ":2377", "restart"));
    orchestrator.send(init);
    log.await(WAIT, "engine unavailable for command " + init.getCommandId());
    // An absence, asserted for as long as several retries against the stopped engine take.
    Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(orchestrator.resultsOf(init.getCommandId()))
            .as("no failure is reported while the command waits for its engine").isEmpty());

    engine.start();
    CommandResult result = orchestrator.awaitResult(init.getCommandId(), WAIT);
    assertThat(result.getStatus()).as("%s", result).isEqualTo(CommandStatus.SUCCEEDED);
    String clusterId;
    try (DockerClient docker = engine.client()) {
      clusterId = docker.inspectSwarmCmd().exec().getId();
    }
    assertThat(((SwarmOutcome) result.getOutcome()).getClusterId()).isEqualTo(clusterId);
    // A node just initialized reports ACTIVE a moment before its cluster info: wait for the cluster to show.
    Heartbeat up = orchestrator.awaitHeartbeat(11, h -> h.getEngineReachable()
        && "ACTIVE".equals(h.getSwarm().getState().name()) && h.getSwarm().getClusterId() != null, WAIT);
    assertThat(up.getSwarm().getClusterId()).isEqualTo(clusterId);
    assertThat(up.getError()).isNull();
    assertThat(orchestrator.resultsOf(init.getCommandId())).as("one answer, no retryable failure before it")
        .hasSize(1);
  }

  @Test
  @Order(2)
  void aBrokerOutageLosesNeitherACommandNorAResult() throws Exception {
    Engine engine = engines.engine(2);
    startAgent(12, engine, Platform.registry().url());
    awaitLive(12);

    // The command is taken before the outage and held back by a stopped engine, so that it runs, and its
    // result is due, while the broker is down.
    engine.stop();
    orchestrator.awaitHeartbeat(12, h -> !h.getEngineReachable(), WAIT);
    HostCommand before = command(12, 22L, new InitSwarm("0.0.0.0:2377", engine.address() + ":2377", "outage"));
    orchestrator.send(before);
    log.await(WAIT, "engine unavailable for command " + before.getCommandId()); // taken, held by the engine
    Platform.broker().stop();
    String clusterId;
    try {
      engine.start();
      try (DockerClient docker = engine.client()) {
        Awaitility.await("the command executed during the broker outage").atMost(WAIT)
            .pollInterval(Duration.ofMillis(250)).ignoreExceptions() // the engine may still be starting
            .until(() -> docker.infoCmd().exec().getSwarm().getLocalNodeState() == LocalNodeState.ACTIVE);
        clusterId = docker.inspectSwarmCmd().exec().getId();
      }
      log.await(WAIT, "result of " + before.getCommandId(), "failed"); // refused at least once
    } finally {
      Platform.broker().restart();
    }
    Instant restarted = Instant.now();
    HostCommand after = command(12, 22L, new CreateNetwork("after-outage", "overlay", true, Map.of()));
    orchestrator.send(after);

    CommandResult result = orchestrator.awaitResult(before.getCommandId(), WAIT);
    assertThat(result.getStatus()).as("%s", result).isEqualTo(CommandStatus.SUCCEEDED);
    assertThat(((SwarmOutcome) result.getOutcome()).getClusterId()).isEqualTo(clusterId);
    CommandResult afterResult = orchestrator.awaitResult(after.getCommandId(), WAIT);
    assertThat(afterResult.getStatus()).as("%s", afterResult).isEqualTo(CommandStatus.SUCCEEDED);
    try (DockerClient docker = engine.client()) {
      assertThat(docker.inspectNetworkCmd().withNetworkId(((NetworkOutcome) afterResult.getOutcome())
          .getNetworkId()).exec().getName()).isEqualTo("after-outage");
    }
    // A result sent twice (redelivered after the group's rebalance) is the stored one: the engine ran it once.
    assertThat(orchestrator.resultsOf(before.getCommandId())).extracting(CommandResult::getCompletedAt)
        .containsOnly(result.getCompletedAt());
    Heartbeat alive = orchestrator.awaitHeartbeat(12, h -> h.getObservedAt().isAfter(restarted)
        && h.getSwarm().getClusterId() != null, WAIT);
    assertThat(alive.getEngineReachable()).isTrue();
    assertThat(alive.getSwarm().getClusterId()).isEqualTo(clusterId);
  }

  @Test
  @Order(3)
  void heartbeatsBeginOnceTheRegistryAnswersThoughItWasAwayAtStart() throws Exception {
    int registryPort = URI.create(Platform.registry().url()).getPort();
    int relayPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      relayPort = probe.getLocalPort();
    }
    startAgent(13, engines.engine(3), "http://127.0.0.1:" + relayPort + "/apis/registry/v3");
    // An absence: several heartbeats fall due (one a second), none serializable.
    Awaitility.await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(orchestrator.heartbeatsOf(13)).isEmpty());

    try (Relay relay = new Relay(relayPort, registryPort)) {
      Heartbeat heartbeat = orchestrator.awaitHeartbeat(13, Heartbeat::getEngineReachable, WAIT);
      assertThat(heartbeat.getHostAddress()).isEqualTo(engines.engine(3).address());
    }
  }

  private static HostAgent startAgent(long hostId, Engine engine, String registryUrl) throws IOException {
    HostAgent agent = new HostAgent(AgentConfig.of(Platform.broker().agentSettings(hostId, Map.of(
        "NETBOX_SWARM_AGENT_HOST_ID", String.valueOf(hostId),
        "NETBOX_SWARM_REGISTRY_URL", registryUrl,
        "DOCKER_HOST", engine.dockerHost(),
        "NETBOX_SWARM_AGENT_KEYSET_FILE", keys.resolve("host-" + hostId + ".private.json").toString(),
        "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE", keys.resolve("orchestrator.public.json").toString(),
        "NETBOX_SWARM_AGENT_HEARTBEAT_INTERVAL", "1s",
        "NETBOX_SWARM_AGENT_STATE_DIR", Files.createTempDirectory(scratch, "agent-state-" + hostId).toString(),
        "NETBOX_SWARM_AGENT_HOST_ADDRESS", engine.address()))));
    agents.add(agent);
    return agent;
  }

  /** Heartbeats flow and the command loop has its topic: an inspect is answered. */
  private static void awaitLive(long hostId) throws Exception {
    orchestrator.awaitHeartbeat(hostId, Heartbeat::getEngineReachable, WAIT);
    HostCommand inspect = command(hostId, null, Inspect.newBuilder().build());
    orchestrator.send(inspect);
    assertThat(orchestrator.awaitResult(inspect.getCommandId(), WAIT).getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
  }

  /** A TCP relay on 127.0.0.1: a registry that "comes back" once it is opened. */
  private static final class Relay implements AutoCloseable {
    private final ServerSocket server;

    Relay(int port, int target) throws IOException {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      daemon(() -> {
        while (!server.isClosed()) {
          try {
            Socket in = server.accept();
            Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
            pipe(in, out);
            pipe(out, in);
          } catch (IOException closed) {
            return;
          }
        }
      });
    }

    private static void pipe(Socket from, Socket to) {
      daemon(() -> {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          in.transferTo(out);
        } catch (IOException ignored) {
          // either side closed
        } finally {
          try {
            from.close();
            to.close();
          } catch (IOException ignored) {
            // closing
          }
        }
      });
    }

    private static void daemon(Runnable body) {
      Thread thread = new Thread(body, "relay");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
