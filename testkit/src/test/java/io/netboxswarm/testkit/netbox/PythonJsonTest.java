package io.netboxswarm.testkit.netbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The wire bytes of every NetBox sample are what PythonJson makes of its parsed body: the signatures then match. */
class PythonJsonTest {

  @Test
  void everySampleSerializesToTheExactBytesNetboxSends() throws IOException {
    Path root = Path.of(System.getProperty("netboxswarm.project.dir", ".."), "fixtures", "netbox-webhooks");
    List<Path> wires;
    try (Stream<Path> files = Files.walk(root)) {
      wires = files.filter(f -> f.toString().endsWith(".wire.json")).sorted().toList();
    }
    assertThat(wires).hasSizeGreaterThanOrEqualTo(15);
    JsonMapper json = JsonMapper.builder().build();
    for (Path wire : wires) {
      byte[] bytes = Files.readAllBytes(wire);
      assertThat(new String(PythonJson.dumps(json.readTree(bytes)), java.nio.charset.StandardCharsets.US_ASCII))
          .as(wire.getFileName().toString()).isEqualTo(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
    }
  }
}
