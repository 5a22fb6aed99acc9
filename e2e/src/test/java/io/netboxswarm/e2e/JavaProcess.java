package io.netboxswarm.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the system's programs, run as its user runs it: {@code java [flags] -jar <shipped jar> [args]} with its
 * settings in the environment, its output in a log file. Stopped with SIGTERM, or killed (a crash) with SIGKILL.
 */
final class JavaProcess implements AutoCloseable {

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private Process process;

  JavaProcess(String name, Path jar, List<String> jvmFlags, List<String> args, Map<String, String> environment,
      Path logDir) {
    this.name = name;
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(args);
    this.command = List.copyOf(cmd);
    this.environment = Map.copyOf(environment);
    this.log = logDir.resolve(name + ".log");
  }

  /** The shipped jar of a module: its one runnable jar under target/. */
  static Path jar(String module, String glob) {
    Path target = Path.of(System.getProperty("netboxswarm.project.dir", ".."), module, "target");
    try (var files = Files.newDirectoryStream(target, glob)) {
      for (Path file : files) {
        return file;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("no " + module + " jar under " + target + ": build the project first", e);
    }
    throw new IllegalStateException("no " + glob + " under " + target + ": build the project first");
  }

  JavaProcess start() {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, "---- start " + java.time.Instant.now() + "\n", java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      process = builder.start();
      Process started = process;
      // A test JVM that ends, even failing, takes its programs with it.
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    return this;
  }

  /** Waits until GET url answers 200, or fails with the end of the log. */
  JavaProcess awaitHttp(String url, Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail());
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // still starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      sleep(250);
    }
    throw new AssertionError(name + " did not answer " + url + " within " + timeout + ":\n" + tail());
  }

  /** A crash: SIGKILL, no shutdown hook runs. */
  void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitFor();
    }
  }

  /** Whether it runs; false once it exited, by itself or killed. */
  boolean alive() {
    return process != null && process.isAlive();
  }

  Path log() {
    return log;
  }

  /**
   * Its threads' stacks now ({@code jcmd <pid> Thread.print}), into {@code <name>-threads.txt} beside its log: what a
   * part that stopped making progress was doing. Stack frames and thread names only, no values.
   */
  void dumpThreads() {
    if (!alive()) {
      return;
    }
    Path out = log.resolveSibling(name + "-threads.txt");
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    try {
      Process dump = new ProcessBuilder(jcmd, String.valueOf(process.pid()), "Thread.print").redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      if (!dump.waitFor(30, TimeUnit.SECONDS)) {
        dump.destroyForcibly();
      }
    } catch (IOException e) {
      System.err.println("no thread dump of " + name + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      waitFor();
    }
  }

  private void waitFor() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
