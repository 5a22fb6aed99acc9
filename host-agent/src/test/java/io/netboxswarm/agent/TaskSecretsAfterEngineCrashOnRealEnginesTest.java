package io.netboxswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;

import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.docker.ContainerExec;
import io.netboxswarm.testkit.docker.DockerEngines;
import io.netboxswarm.testkit.docker.Engine;
import io.netboxswarm.testkit.docker.Engines;

/**
 * An engine killed after creating a task container and before starting it: the engine that comes back starts that
 * container without the secrets of its task (Docker keeps them in memory until the start). The agent, started after
 * the crash as the agent's container is in a deployment, stops it, the swarm gives the task a new container, and the
 * service reads its secret again. The crash is made to
 * land in that window: dockerd is frozen (SIGSTOP) the moment its event stream reports the container created, then
 * killed with containerd and the shims; the container's state on disk says whether the window was hit, else the
 * service is updated and the crash tried again. Host 15, engine 1.
 */
@ExtendWith({Platform.class, DockerEngines.class})
class TaskSecretsAfterEngineCrashOnRealEnginesTest {

  /** Its agents' keys (private ones included) and state, deleted once its tests are done. */
  @TempDir
  static Path scratch;

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String SERVICE = "nbx-guarded";
  private static final String SECRET = "app_password";
  private static final String SECRET_TEXT = "s3cr3t-after-the-crash";
  private static final int ATTEMPTS = 6;

  static Engines engines;
  static Engine engine;
  static HostAgent agent;

  @BeforeAll
  static void start(Engines fixture) {
    engines = fixture;
    engines.resetSwarms();
    engine = engines.engine(1);
  }

  /** Started after the crash, as in a deployment, where the agent's container goes down and up with its engine. */
  private static HostAgent startAgent() throws IOException {
    Path keys = Files.createTempDirectory(scratch, "agent-keys");
    KeyGenerator.generate("orchestrator", keys);
    KeyGenerator.generate("host-15", keys);
    return new HostAgent(AgentConfig.of(Platform.broker().agentSettings(15, Map.of(
        "NETBOX_SWARM_AGENT_HOST_ID", "15",
        "NETBOX_SWARM_REGISTRY_URL", Platform.registry().url(),
        "DOCKER_HOST", engine.dockerHost(),
        "NETBOX_SWARM_AGENT_KEYSET_FILE", keys.resolve("host-15.private.json").toString(),
        "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE", keys.resolve("orchestrator.public.json").toString(),
        "NETBOX_SWARM_AGENT_HEARTBEAT_INTERVAL", "1s",
        "NETBOX_SWARM_AGENT_STATE_DIR", Files.createTempDirectory(scratch, "agent-state-15").toString(),
        "NETBOX_SWARM_AGENT_HOST_ADDRESS", engine.address()))));
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
    engines.all().forEach(Engine::start); // no-op unless a test failed with the engine down
    engines.resetSwarms();
  }

  @Test
  void aTaskContainerStartedWithoutItsSecretsAfterAnEngineCrashIsReplacedByOneThatHasThem() throws Exception {
    engine.cli("swarm", "init", "--advertise-addr", engine.address());
    engine.cli(SECRET_TEXT.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60), "secret", "create", SECRET, "-");

    String stranded = null;
    for (int attempt = 1; attempt <= ATTEMPTS && stranded == null; attempt++) {
      Instant since = Instant.now().minusSeconds(1);
      Process watcher = freezeEngineOnTaskCreated(since);
      if (attempt == 1) {
        engine.cli("service", "create", "--detach", "--name", SERVICE, "--secret", SECRET,
            "--restart-condition", "any", engines.serviceImageId(), "sleep", "86400");
      } else {
        engine.cli("service", "update", "--detach", "--force", SERVICE);
      }
      String created = readLine(watcher);
      engine.kill();
      if (createdButNeverStarted(created)) {
        stranded = created;
      } else {
        System.out.printf("attempt %d: the crash came after the container's start; again%n", attempt);
      }
      engine.start();
    }
    assertThat(stranded).as("an engine crash between a task container's creation and its start, in %d attempts",
        ATTEMPTS).isNotNull();
    String container = stranded;

    try (DockerClient docker = engine.client()) {
      // Docker's defect, as the agent finds it: the swarm starts the stranded container without its secrets.
      Await.until("the swarm to start the stranded container", WAIT, () -> running(docker, container));
      assertThat(ContainerExec.run(docker, container, "cat", "/run/secrets/" + SECRET))
          .as("what the stranded container finds at /run/secrets/%s", SECRET).contains("No such file");

      agent = startAgent();
      Await.until("the container started without its secrets to be stopped", WAIT, () -> !running(docker, container));
      Await.until("a task container of " + SERVICE + " that reads its secret", WAIT,
          () -> taskContainers(docker).stream().anyMatch(c -> reads(docker, c.getId())));
    }
  }

  /**
   * {@code docker events} through a pipe: the first task container created since {@code since} freezes dockerd
   * (SIGSTOP: the engine cannot take another step) and is printed. A Go client and a shell, not Java, so that the
   * freeze lands within a few milliseconds of the event.
   */
  private static Process freezeEngineOnTaskCreated(Instant since) throws IOException {
    Path pidFile = Path.of(engine.socket()).resolveSibling("docker.pid");
    String script = "docker -H " + engine.dockerHost() + " events --since " + since.getEpochSecond()
        + " --filter type=container --filter event=create --filter label=com.docker.swarm.service.name=" + SERVICE
        + " --format '{{.ID}}' | { read id; kill -STOP $(cat " + pidFile + "); echo $id; }";
    return new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
  }

  /** The watcher's first line; the pipe's {@code docker events} itself never ends while its engine is frozen. */
  private static String readLine(Process watcher) throws Exception {
    try {
      String line = CompletableFuture.supplyAsync(() -> {
        try (var out = new BufferedReader(new InputStreamReader(watcher.getInputStream(), StandardCharsets.UTF_8))) {
          return out.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(line).as("the created container's id").isNotNull().matches("[0-9a-f]{64}");
      return line;
    } catch (TimeoutException e) {
      throw new AssertionError("no task container of " + SERVICE + " was created within " + WAIT);
    } finally {
      watcher.descendants().forEach(ProcessHandle::destroyForcibly);
      watcher.destroyForcibly();
    }
  }

  /** The state the dead engine left on disk: created, never started, hence no secret references there either. */
  private static boolean createdButNeverStarted(String container) throws IOException {
    Path config = engine.log().resolveSibling("data").resolve("containers").resolve(container)
        .resolve("config.v2.json");
    JsonNode state = new ObjectMapper().readTree(config.toFile()).path("State");
    return !state.path("Running").asBoolean() && state.path("StartedAt").asText().startsWith("0001-");
  }

  private static boolean running(DockerClient docker, String container) {
    try {
      return Boolean.TRUE.equals(docker.inspectContainerCmd(container).exec().getState().getRunning());
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static List<Container> taskContainers(DockerClient docker) {
    return docker.listContainersCmd().withLabelFilter(Map.of("com.docker.swarm.service.name", SERVICE))
        .withStatusFilter(List.of("running")).exec();
  }

  private static boolean reads(DockerClient docker, String container) {
    try {
      return SECRET_TEXT.equals(ContainerExec.run(docker, container, "cat", "/run/secrets/" + SECRET));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (RuntimeException e) {
      return false; // stopped meanwhile
    }
  }
}
