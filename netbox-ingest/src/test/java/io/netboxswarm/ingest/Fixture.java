package io.netboxswarm.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One sample of {@code fixtures/netbox-webhooks} (NetBox 4.6's webhook requests, as the project was given them):
 * the exact bytes NetBox sends, the HTTP method and the
 * {@code X-Hook-Signature} NetBox computed with the example secret.
 */
public record Fixture(String name, byte[] wire, String method, String signature) {

  /** The secret the fixtures' signatures were computed with. */
  public static final String SECRET = "example-webhook-secret";

  public static Path directory() {
    String project = System.getProperty("netboxswarm.project.dir");
    Path dir = project != null ? Path.of(project, "fixtures", "netbox-webhooks")
        : Path.of("..", "fixtures", "netbox-webhooks");
    return dir.normalize();
  }

  public static List<Fixture> all() {
    List<Fixture> fixtures = new ArrayList<>();
    for (String group : List.of("grounded", "proposed")) {
      try (Stream<Path> files = Files.list(directory().resolve(group))) {
        files.filter(f -> f.getFileName().toString().endsWith(".wire.json")).sorted().forEach(f -> fixtures.add(load(f)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return fixtures;
  }

  public static Fixture named(String name) {
    return all().stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no fixture " + name));
  }

  public String text() {
    return new String(wire, StandardCharsets.UTF_8);
  }

  private static Fixture load(Path wireFile) {
    try {
      String base = wireFile.getFileName().toString().replace(".wire.json", "");
      byte[] wire = Files.readAllBytes(wireFile);
      List<String> http = Files.readAllLines(wireFile.resolveSibling(base + ".http.txt"));
      String method = null;
      String signature = null;
      for (String line : http) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        if (method == null) {
          method = line.substring(0, line.indexOf(' '));
        } else if (line.startsWith("X-Hook-Signature:")) {
          signature = line.substring("X-Hook-Signature:".length()).trim();
        }
      }
      return new Fixture(base, wire, method, signature);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
