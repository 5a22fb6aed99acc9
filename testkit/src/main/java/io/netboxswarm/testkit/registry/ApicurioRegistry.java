package io.netboxswarm.testkit.registry;

import io.netboxswarm.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real Apicurio Registry 3.x server, run as a child process on 127.0.0.1 at a free port with in-memory storage.
 * The build unpacks the server from Maven Central under {@code .runtime/}; it needs a Java 21+ runtime.
 * Its global compatibility rule is set to BACKWARD, as Confluent's default is.
 */
public final class ApicurioRegistry implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final List<String> command;
  private final Path serverDir;
  private final int port;
  private final int managementPort;
  private final Path log;
  private Process process;

  private ApicurioRegistry(List<String> command, Path serverDir, int port, int managementPort, Path log) {
    this.command = command;
    this.serverDir = serverDir;
    this.port = port;
    this.managementPort = managementPort;
    this.log = log;
  }

  /** Starts a registry from the unpacked server directory with the given Java 21+ binary; blocks until it serves. */
  public static ApicurioRegistry start(Path serverDir, Path java, Path logFile) {
    return start(serverDir, java, logFile, "jdbc:h2:mem:registry");
  }

  /**
   * A registry that keeps its schemas in an H2 file under {@code storageDir}, as a deployment must: it can crash
   * ({@link #kill()}) and start again ({@link #restart()}) on the same port with every schema id it gave out.
   */
  public static ApicurioRegistry startPersistent(Path serverDir, Path java, Path logFile, Path storageDir) {
    // WRITE_DELAY=0: each commit is written to the file before the registry answers. H2's default writes a second
    // later, so a crash lost schema ids already given out, and every record a producer wrote with one after it.
    return start(serverDir, java, logFile,
        "jdbc:h2:file:" + storageDir.toAbsolutePath().resolve("registry") + ";WRITE_DELAY=0");
  }

  private static ApicurioRegistry start(Path serverDir, Path java, Path logFile, String datasourceUrl) {
    Path runner = serverDir.resolve("quarkus-run.jar");
    if (!Files.isRegularFile(runner)) {
      throw new IllegalStateException("no Apicurio server at " + serverDir
          + ": build the testkit module first (./mvnw -pl testkit generate-resources) to unpack it");
    }
    if (!Files.isExecutable(java)) {
      throw new IllegalStateException("the Apicurio server needs Java 21+; none at " + java
          + " (set system property netboxswarm.registry.java)");
    }
    int[] ports = FreePorts.take(2);
    int port = ports[0];
    int managementPort = ports[1];
    List<String> command = List.of(java.toString(),
        "-Xmx384m",
        "-Dquarkus.http.host=127.0.0.1",
        "-Dquarkus.http.port=" + port,
        // The management interface is fixed on at build time and would take 0.0.0.0:9000: move it to loopback.
        "-Dquarkus.management.host=127.0.0.1",
        "-Dquarkus.management.port=" + managementPort,
        "-Dapicurio.storage.kind=sql",
        "-Dapicurio.datasource.url=" + datasourceUrl,
        "-jar", runner.toString());
    ApicurioRegistry registry = new ApicurioRegistry(command, serverDir, port, managementPort, logFile);
    registry.launch();
    registry.setGlobalRule("COMPATIBILITY", "BACKWARD");
    return registry;
  }

  private void launch() {
    try {
      Files.createDirectories(log.getParent());
      process = new ProcessBuilder(command).directory(serverDir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      Process started = process;
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the Apicurio server: " + e.getMessage(), e);
    }
    awaitReady();
  }

  /** A crash: SIGKILL. Clients see connection refusals until {@link #restart()}. */
  public synchronized void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts a killed or closed registry again on the same ports and storage; blocks until it serves. */
  public synchronized void restart() {
    if (!process.isAlive()) {
      launch();
    }
  }

  /** The base URL the Apicurio serde wants ({@code apicurio.registry.url}). */
  public String url() {
    return "http://127.0.0.1:" + port + "/apis/registry/v3";
  }

  /** The Confluent-compatible API, for third-party consumers. */
  public String ccompatUrl() {
    return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
  }

  /** The global rule's configuration, e.g. BACKWARD for COMPATIBILITY, as the registry reports it. */
  public String globalRule(String ruleType) {
    String body = get(url() + "/admin/rules/" + ruleType);
    int at = body.indexOf("\"config\":\"");
    return at < 0 ? null : body.substring(at + 10, body.indexOf('"', at + 10));
  }

  /** GET a registry path; fails with the status and body when it is not 200. */
  public String get(String url) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + url + " -> " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("GET " + url + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public synchronized void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Apicurio server exited with " + process.exitValue() + "; log "
            + log + ":\n" + tail());
      }
      try {
        // Readiness covers the storage too, not only the HTTP layer.
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + managementPort + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the registry", e);
      }
      sleep(250);
    }
    close();
    throw new IllegalStateException("the Apicurio server did not answer within " + STARTUP_TIMEOUT + "; log "
        + log + ":\n" + tail());
  }

  private void setGlobalRule(String type, String config) {
    String json = "{\"ruleType\":\"" + type + "\",\"config\":\"" + config + "\"}";
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/admin/rules"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 409) {
        response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/admin/rules/" + type))
            .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString());
      }
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException("cannot set the global " + type + " rule: " + response.statusCode()
            + " " + response.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot set the global " + type + " rule: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }


  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
