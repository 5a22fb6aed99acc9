package io.netboxswarm.orchestrator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real Prometheus binaries ({@code prometheus} package: {@code /usr/bin/promtool}, {@code /usr/bin/prometheus})
 * and the project's {@code prometheus/} directory they check. A machine without them fails the test that needs
 * them, saying what to install: scripts/test.sh installs the package.
 */
final class PrometheusBinaries {

  private PrometheusBinaries() {
  }

  /** The repository's {@code prometheus/} directory. */
  static Path configDir() {
    return Path.of(System.getProperty("netboxswarm.project.dir", "..")).toAbsolutePath().normalize()
        .resolve("prometheus");
  }

  /** {@code promtool} or {@code prometheus} from Debian's package; an assertion error naming it when absent. */
  static Path binary(String name) {
    Path binary = Path.of("/usr/bin", name);
    if (!Files.isExecutable(binary)) {
      throw new AssertionError(binary + " is missing: install Debian's `prometheus` package (apt-get install -y"
          + " prometheus; scripts/test.sh installs it when missing)");
    }
    return binary;
  }

  record Run(int exitCode, String output) {
  }

  /** Runs the command to its end (a minute at most), its output and error together. */
  static Run run(Path workDir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(workDir.toFile())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end within a minute: " + output);
    }
    return new Run(process.exitValue(), output);
  }
}
