package io.netboxswarm.testkit.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs and one lease (no engine needed): while another process holds it, taking it waits and then fails naming
 * that process; once that process has ended, it is taken at once.
 */
class EngineLeaseTest {

  @TempDir
  Path dir;

  @Test
  void aSecondProcessWaitsForTheLeaseAndGetsItOnceTheFirstHasEnded() throws Exception {
    Path file = dir.resolve("engines.lease");
    Process holder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), Holder.class.getName(), file.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("the first process holds the lease").isEqualTo("held");

      assertThatThrownBy(() -> EngineLease.acquire(file, Duration.ofSeconds(2)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by process " + holder.pid())
          .hasMessageContaining(Holder.class.getName());
    } finally {
      holder.getOutputStream().close(); // the holder ends when its input does
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    FileLock lease = EngineLease.acquire(file, Duration.ofSeconds(2));
    assertThat(lease.isValid()).isTrue();
    lease.release();
  }

  /** Takes the lease, says so, and keeps it until its standard input closes. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      EngineLease.acquire(Path.of(args[0]), Duration.ofSeconds(10));
      System.out.println("held");
      System.out.flush();
      while (System.in.read() != -1) {
        // keep holding
      }
    }
  }
}
