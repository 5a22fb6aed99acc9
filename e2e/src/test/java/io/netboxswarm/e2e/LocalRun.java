package io.netboxswarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netboxswarm.testkit.FreePorts;
import io.netboxswarm.testkit.RuntimeDirs;
import io.netboxswarm.testkit.docker.Engine;
import io.netboxswarm.testkit.netbox.Webhook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/run-local.sh DATA_DIR} as its user runs it, in its default mode: one host, NetBox host 1, on the
 * engine given; every port its own (none of the defaults), the same ones at every start; the same data directory.
 */
final class LocalRun implements AutoCloseable {

  private final Path data;
  private final Map<String, String> environment = new HashMap<>();
  private final int ingestPort;
  private final int kafkaPort;
  private final int registryPort;
  private Process script;
  private Path output;
  private int starts;

  LocalRun(Path data, Engine engine) {
    this.data = data;
    int[] ports = FreePorts.take(5);
    ingestPort = ports[0];
    Set<Integer> taken = new HashSet<>();
    Arrays.stream(ports).forEach(taken::add);
    // The broker takes the next port up for its controller, the registry for its management interface.
    kafkaPort = freePair(taken);
    registryPort = freePair(taken);
    environment.putAll(Map.of("DOCKER_HOST", engine.dockerHost(),
        "NETBOX_SWARM_AGENT_HOST_ID", "1",
        "NETBOX_SWARM_AGENT_HOST_ADDRESS", engine.address(),
        "NETBOX_SWARM_AGENT_HEARTBEAT_INTERVAL", "2s",
        "NETBOX_SWARM_AGENT_METRICS_PORT", String.valueOf(ports[1]),
        "NETBOX_SWARM_INGEST_PORT", String.valueOf(ingestPort),
        "NETBOX_SWARM_ORCHESTRATOR_PORT", String.valueOf(ports[2]),
        "NETBOX_SWARM_INGEST_MANAGEMENT_PORT", String.valueOf(ports[3]),
        "NETBOX_SWARM_ORCHESTRATOR_MANAGEMENT_PORT", String.valueOf(ports[4]),
        "KAFKA_PORT", String.valueOf(kafkaPort)));
    environment.put("REGISTRY_PORT", String.valueOf(registryPort));
  }

  /**
   * Starts the script with {@code NETBOX_SWARM_LOCAL_BUILD=buildMode}; returns once it says everything runs, or fails
   * with its output.
   */
  LocalRun start(String buildMode) {
    starts++;
    output = data.resolveSibling(data.getFileName() + "-run-local-" + starts + ".out");
    ProcessBuilder builder = new ProcessBuilder("bash",
        RuntimeDirs.projectDir().resolve("scripts/run-local.sh").toString(), data.toString())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    // Nothing of the test JVM's own settings (NetBox, another engine) leaks in: only what a user would set.
    builder.environment().keySet().removeIf(name -> name.startsWith("NETBOX_SWARM_"));
    builder.environment().putAll(environment);
    builder.environment().put("NETBOX_SWARM_LOCAL_BUILD", buildMode);
    try {
      script = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run scripts/run-local.sh", e);
    }
    Process started = script;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
    await("run-local.sh start " + starts + " says everything runs").atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(500)).until(() -> {
          if (!started.isAlive()) {
            throw new AssertionError("run-local.sh exited with " + started.exitValue() + ":\n" + output()
                + logTails());
          }
          return output().contains("netbox-swarm is running");
        });
    return this;
  }

  /**
   * Stops the script as Ctrl-C or a service manager does (a signal to the script only); returns the processes it
   * started that are still there once it has exited: none, when it stopped what it started.
   */
  List<String> stop() throws IOException, InterruptedException {
    List<ProcessHandle> started = new ArrayList<>(script.toHandle().descendants().toList());
    // The broker and the registry are started in the background by their own scripts: not the script's children.
    for (String pidFile : List.of("kafka/kafka.pid", "registry/registry.pid")) {
      ProcessHandle.of(Long.parseLong(Files.readString(data.resolve(pidFile)).trim())).ifPresent(started::add);
    }
    assertThat(started).as("the script's processes").hasSizeGreaterThanOrEqualTo(5);
    script.destroy();
    assertThat(script.waitFor(3, TimeUnit.MINUTES)).as("run-local.sh ends once it has stopped everything").isTrue();
    List<String> left = new ArrayList<>();
    for (ProcessHandle p : started) {
      if (p.isAlive()) {
        left.add(p.pid() + " " + p.info().commandLine().orElse("?"));
      }
    }
    // Any other process working on this data directory (by its command line).
    ProcessHandle.allProcesses().filter(p -> p.isAlive()
            && p.info().commandLine().map(c -> c.contains(data.toString())).orElse(false))
        .forEach(p -> left.add(p.pid() + " " + p.info().commandLine().orElse("?")));
    return left;
  }

  /** What the script printed at its last start. */
  String output() throws IOException {
    return Files.readString(output);
  }

  /** The webhook's secret the script made on its first start. */
  String webhookSecret() throws IOException {
    return Files.readString(data.resolve("webhook-secret")).trim();
  }

  /** NetBox fires the webhook at the ingest; the ingest answers 202 once Kafka has the event. */
  void deliver(Webhook webhook) {
    HttpResponse<String> response = webhook.send(URI.create("http://127.0.0.1:" + ingestPort + "/webhooks/netbox"));
    assertThat(response.statusCode()).as("%s: %s", webhook.description(), response.body()).isEqualTo(202);
  }

  String registryUrl() {
    return "http://127.0.0.1:" + registryPort + "/apis/registry/v3";
  }

  /** A principal's Kafka client settings with the key store the script's PKI gave it, e.g. "auditor". */
  Map<String, Object> kafka(String principal) throws IOException {
    Path pki = data.resolve("pki");
    String password = Files.readString(pki.resolve("password")).trim();
    return Map.of("bootstrap.servers", "127.0.0.1:" + kafkaPort, "security.protocol", "SSL",
        "ssl.keystore.type", "PKCS12", "ssl.keystore.location", pki.resolve(principal + ".p12").toString(),
        "ssl.keystore.password", password, "ssl.key.password", password,
        "ssl.truststore.type", "PKCS12", "ssl.truststore.location", pki.resolve("truststore.p12").toString(),
        "ssl.truststore.password", password);
  }

  /** The ends of the components' logs under the data directory, for a failure's message. */
  String logTails() {
    StringBuilder tails = new StringBuilder();
    for (String log : List.of("netbox-ingest.log", "swarm-orchestrator.log", "host-agent-1.log",
        "kafka/kafka.log", "registry/registry.log")) {
      try {
        List<String> lines = Files.readAllLines(data.resolve(log));
        tails.append("\n---- ").append(log).append('\n')
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
      } catch (IOException | UncheckedIOException absent) {
        // not started yet
      }
    }
    return tails.toString();
  }

  @Override
  public void close() throws Exception {
    if (script != null && script.isAlive()) {
      script.destroy();
      script.waitFor(3, TimeUnit.MINUTES);
    }
  }

  /** A free port whose next port up is free too, neither of them {@code taken} (which it adds them to). */
  private static int freePair(Set<Integer> taken) {
    while (true) {
      int port = FreePorts.take(1)[0];
      if (taken.contains(port) || taken.contains(port + 1)) {
        continue;
      }
      try (ServerSocket first = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
          ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
        taken.addAll(List.of(port, port + 1));
        return port;
      } catch (IOException | IllegalArgumentException inUseOrPastTheLast) {
        // another port
      }
    }
  }
}
