package io.netboxswarm.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A host agent as its own JVM, started the way a user starts it (its settings in its environment), so that a test
 * can end it the way a crash does: SIGKILL, nothing flushed, no shutdown hook.
 */
final class AgentProcess implements AutoCloseable {

  private final Process process;

  private AgentProcess(Process process) {
    this.process = process;
  }

  /** @param log appended to, across restarts */
  static AgentProcess start(Map<String, String> env, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Surefire gives the test JVM a manifest-only jar: its own property holds the real class path.
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-cp", classPath));
    String avroPackages = System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES");
    if (avroPackages != null) {
      command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=" + avroPackages);
    }
    command.add(HostAgent.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return new AgentProcess(builder.start());
  }

  /** SIGKILL, and wait for the process to be gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    kill();
  }
}
