package io.netboxswarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.netboxswarm.testkit.docker.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compose files (docker-compose.yml with docker-compose.offline.yml: no registry can be reached; or an agent's
 * docker-compose.agent.yml) as one compose project on a real engine, driven by Debian's docker-compose as a user
 * drives it; each command's output goes to a log file whose end a failure shows. What the engine publishes is reached
 * from the engine's own network namespace, where its bridge networks are (the engines forward no port to ours).
 */
final class ComposeStack {

  private final Path project;
  private final List<Path> files;
  private final String name;
  private final Engine engine;
  private final Map<String, String> settings;
  private final Path log;
  private final List<Process> forwards = new ArrayList<>();

  /** docker-compose.yml with docker-compose.offline.yml. */
  ComposeStack(Path project, String name, Engine engine, Map<String, String> settings, Path log) {
    this(project, List.of(project.resolve("docker-compose.yml"), project.resolve("docker-compose.offline.yml")), name,
        engine, settings, log);
  }

  ComposeStack(Path project, List<Path> files, String name, Engine engine, Map<String, String> settings, Path log) {
    this.project = project;
    this.files = List.copyOf(files);
    this.name = name;
    this.engine = engine;
    this.settings = settings;
    this.log = log;
  }

  /** Runs {@code docker-compose -f FILE... -p NAME ARGS} on the engine. */
  void compose(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker-compose", "--ansi", "never"));
    files.forEach(f -> command.addAll(List.of("-f", f.toString())));
    command.addAll(List.of("--project-directory", project.toString(), "-p", name));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("NETBOX") || k.startsWith("COMPOSE_"));
    builder.environment().putAll(settings);
    builder.environment().put("DOCKER_HOST", engine.dockerHost());
    Process process = builder.start();
    boolean ended = process.waitFor(20, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly();
    }
    assertThat(ended && process.exitValue() == 0).as("docker-compose %s; its output ends:\n%s", String.join(" ", args),
        logTail()).isTrue();
  }

  /** The address of a service's container on the project's network, as the engine's namespace reaches it. */
  String address(String service) {
    try (DockerClient docker = engine.client()) {
      List<Container> containers = docker.listContainersCmd().withLabelFilter(Map.of(
          "com.docker.compose.project", name, "com.docker.compose.service", service)).exec();
      assertThat(containers).as("the running containers of %s", service).isNotEmpty();
      return containers.get(0).getNetworkSettings().getNetworks().get(name + "_default").getIpAddress();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code curl} in the engine's network namespace: the HTTP status of the request (0: nothing answered), the body
   * in {@code out} when given.
   */
  int curl(Path out, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", engine.name(), "curl", "-s",
        "--max-time", "10", "-o", out == null ? "/dev/null" : out.toString(), "-w", "%{http_code}"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String status = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    process.waitFor(30, TimeUnit.SECONDS);
    return status.matches("\\d{3}") ? Integer.parseInt(status) : 0;
  }

  /**
   * Makes the engine's address answer on {@code port} for the service's container, as a published port does on a
   * Docker host: these engines run without Docker's port forwarding ({@code --iptables=false
   * --userland-proxy=false}), so a socat in the engine's namespace stands in for it until {@link #closeForwards}.
   */
  void publish(String service, int port) throws IOException {
    Process socat = new ProcessBuilder("ip", "netns", "exec", engine.name(), "socat",
        "TCP-LISTEN:" + port + ",bind=" + engine.address() + ",fork,reuseaddr", "TCP:" + address(service) + ":" + port)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    forwards.add(socat);
  }

  /** Ends what {@link #publish} started. */
  void closeForwards() {
    forwards.forEach(p -> p.descendants().forEach(ProcessHandle::destroy));
    forwards.forEach(Process::destroy);
    forwards.clear();
  }

  /** The last lines of every compose command's output. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 150), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
