package io.netboxswarm.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The scratch directories a run makes under the system's temporary directory (keysets among them), removed after. */
final class TemporaryFiles {

  private TemporaryFiles() {
  }

  /** Deletes {@code dir} and everything under it, as far as it can: a leftover file fails nothing. */
  static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // already gone, or unreadable: nothing more to do for a scratch directory
    }
  }
}
