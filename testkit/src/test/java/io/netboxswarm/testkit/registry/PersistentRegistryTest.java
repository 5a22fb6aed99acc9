package io.netboxswarm.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netboxswarm.testkit.RuntimeDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that keeps its schemas in a file keeps every schema id it gave out, even when it is killed right after
 * answering: a producer caches the id and writes it into every later record, so an id lost in a crash makes all of
 * them unreadable (seen in a chaos run: the agent's results, dead-lettered for good).
 */
class PersistentRegistryTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSchemaRegisteredJustBeforeACrashIsStillThereAfterTheRestart(@TempDir Path storage) throws Exception {
    Path log = Files.createDirectories(Path.of("target", "registry-logs")).resolve("persistent-registry.log");
    ApicurioRegistry registry = ApicurioRegistry.startPersistent(RuntimeDirs.apicurioServer(),
        RuntimeDirs.registryJava(), log, storage);
    try {
      List<Long> given = new ArrayList<>();
      // Several registrations back to back, then the crash at once: the last one lands within the storage's
      // write delay of the one before.
      for (int crash = 0; crash < 4; crash++) {
        for (int i = 0; i < 4; i++) {
          given.add(register(registry, "crash-probe-" + crash + "-" + i));
        }
        registry.kill();
        registry.restart();
      }
      for (long contentId : given) {
        assertThat(registry.get(registry.url() + "/ids/contentIds/" + contentId))
            .as("content id %d after the crash that followed its registration", contentId)
            .contains("crash-probe");
      }
    } finally {
      registry.close();
    }
  }

  /** Registers an Avro schema as the serde does and returns the content id the registry answered. */
  private static long register(ApicurioRegistry registry, String name) throws Exception {
    String schema = "{\"type\":\"record\",\"name\":\"" + name.replace('-', '_')
        + "\",\"namespace\":\"crash-probe\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    String body = JSON.writeValueAsString(Map.of("artifactId", name, "artifactType", "AVRO",
        "firstVersion", Map.of("content", Map.of("content", schema, "contentType", "application/json"))));
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create(registry.url() + "/groups/default/artifacts?ifExists=FIND_OR_CREATE_VERSION"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("version").path("contentId").asLong();
  }
}
