package io.netboxswarm.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put the downloaded runtimes, and which Java runs the registry. */
public final class RuntimeDirs {

  private RuntimeDirs() {
  }

  /** The repository root (surefire passes it; a run from the IDE falls back to walking up from here). */
  public static Path projectDir() {
    String configured = System.getProperty("netboxswarm.project.dir");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the project root (set system property netboxswarm.project.dir)");
    }
    return dir;
  }

  public static Path runtimeDir() {
    String configured = System.getProperty("netboxswarm.runtime.dir");
    return configured != null ? Path.of(configured) : projectDir().resolve(".runtime");
  }

  public static Path apicurioServer() {
    String version = System.getProperty("netboxswarm.registry.version", "3.3.3");
    return runtimeDir().resolve("apicurio-registry-" + version);
  }

  public static Path registryJava() {
    String configured = System.getProperty("netboxswarm.registry.java");
    return Path.of(configured != null ? configured : "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
  }
}
