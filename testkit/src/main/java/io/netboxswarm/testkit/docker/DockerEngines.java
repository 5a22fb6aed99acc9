package io.netboxswarm.testkit.docker;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.netboxswarm.testkit.RuntimeDirs;

/**
 * JUnit 5 extension giving tests real Docker engines: {@code scripts/engines.sh up N} once per test JVM (N from
 * system property {@code netboxswarm.engines}, default 3), {@code down} when the JVM ends. Inject {@link Engines}.
 * One JVM at a time: the first call waits for the {@link EngineLease} while another JVM uses the engines (30 minutes
 * at most, {@code netboxswarm.engines.patience}), and holds it until this JVM ends.
 * Tests are skipped (not failed) only when no engine can be had at all: not root. As root, a failure to start the
 * engines fails the test with the script's output.
 *
 * <pre>{@code @ExtendWith(DockerEngines.class) class T { @Test void t(Engines engines) {} }}</pre>
 */
public final class DockerEngines implements ParameterResolver {

  private static Engines engines;
  /** Held from the first call until the JVM ends: see {@link EngineLease}. */
  private static FileLock lease;

  /** The shared engines, started on first call. */
  public static synchronized Engines engines() {
    if (engines == null) {
      Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
          "real Docker engines need root (network namespaces); skipping");
      int count = Integer.getInteger("netboxswarm.engines", 3);
      lease = EngineLease.acquire(Path.of(System.getProperty("netboxswarm.engines.lease",
          EngineLease.DEFAULT.toString())), Duration.ofMinutes(Long.getLong("netboxswarm.engines.patience", 30)));
      run("up", String.valueOf(count));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          run("down");
        } catch (RuntimeException ignored) {
          // the JVM is ending; the next `up` starts clean anyway
        }
      }));
      engines = parse(run("env"));
    }
    return engines;
  }

  /** Stops engine {@code i}'s dockerd only, as an engine restart does ({@code engines.sh stop I}). */
  public static void stopEngine(int i) {
    run("stop", String.valueOf(i));
  }

  /** Crashes engine {@code i}: SIGKILL to its dockerd, containerd and shims ({@code engines.sh kill I}). */
  public static void killEngine(int i) {
    run("kill", String.valueOf(i));
  }

  /** Starts engine {@code i} again on its kept data (swarm state included); returns once it answers. */
  public static void startEngine(int i) {
    run("start", String.valueOf(i));
  }

  /**
   * Makes 127.0.0.1:port inside engine {@code i}'s network namespace lead to 127.0.0.1:port of the test JVM's
   * namespace ({@code engines.sh forward I PORT...}): a container on that engine's host network then reaches a
   * test server that listens, and advertises itself, on loopback. Ends with the engines.
   */
  public static void forward(int i, int... ports) {
    List<String> args = new ArrayList<>(List.of("forward", String.valueOf(i)));
    for (int port : ports) {
      args.add(String.valueOf(port));
    }
    run(args.toArray(String[]::new));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Engines.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return engines();
  }

  private static Engines parse(String env) {
    Properties props = new Properties();
    try {
      props.load(new java.io.StringReader(env));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    int n = Integer.parseInt(props.getProperty("ENGINES", "0"));
    List<Engine> all = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      all.add(new Engine(i, props.getProperty("ENGINE_" + i + "_NAME"), props.getProperty("ENGINE_" + i + "_SOCKET"),
          props.getProperty("ENGINE_" + i + "_ADDRESS"), Path.of(props.getProperty("ENGINE_" + i + "_LOG"))));
    }
    return new Engines(List.copyOf(all), props.getProperty("SERVICE_IMAGE_ID"));
  }

  private static String run(String... args) {
    Path script = RuntimeDirs.projectDir().resolve("scripts/engines.sh");
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("engines.sh " + String.join(" ", args) + " failed:\n" + output);
      }
      // `env` prints only KEY=VALUE lines on stdout; progress goes to stderr, merged here, prefixed "[engines]".
      return output.lines().filter(l -> !l.startsWith("[engines]")).reduce("", (a, b) -> a + b + "\n");
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + script, e);
    }
  }
}
