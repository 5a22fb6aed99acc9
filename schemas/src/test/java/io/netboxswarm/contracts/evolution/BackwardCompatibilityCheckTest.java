package io.netboxswarm.contracts.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's gate refuses a schema change that old data could not be read with, and lets a safe one pass. */
class BackwardCompatibilityCheckTest {

  private static final String COMMITTED = """
      @namespace("io.example")
      protocol P {
        record Thing {
          string id;
          union { null, string } note = null;
        }
      }
      """;

  @TempDir
  Path repo;
  Path avroDir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void commitBaseline() throws Exception {
    avroDir = Files.createDirectories(repo.resolve("schemas/src/main/avro"));
    Files.writeString(avroDir.resolve("thing.avdl"), COMMITTED);
    git("init", "-q");
    git("add", ".");
    git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "baseline");
  }

  @Test
  void aNewRequiredFieldIsRefused() throws Exception {
    change(COMMITTED.replace("string id;", "string id;\n    long size;"));

    assertThat(check()).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("not BACKWARD compatible with HEAD")
        .contains("io.example.Thing")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("size");
  }

  @Test
  void aChangedFieldTypeIsRefused() throws Exception {
    change(COMMITTED.replace("string id;", "long id;"));

    assertThat(check()).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("TYPE_MISMATCH").contains("/fields/0/type");
  }

  @Test
  void aRemovedTypeIsRefused() throws Exception {
    change(COMMITTED.replace("record Thing", "record Other"));

    assertThat(check()).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("io.example.Thing: removed");
  }

  @Test
  void aNewFieldWithADefaultPasses() throws Exception {
    change(COMMITTED.replace("string id;", "string id;\n    long size = 0;"));

    assertThat(check()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("BACKWARD compatible with HEAD");
  }

  @Test
  void theProjectsOwnContractsPassAgainstTheirCommittedVersion() throws Exception {
    Path projectAvro = Path.of("src/main/avro").toAbsolutePath();

    assertThat(BackwardCompatibilityCheck.run(projectAvro, "HEAD", ps(out), ps(err)))
        .as("stderr: %s", err)
        .isZero();
  }

  private void change(String schema) throws IOException {
    Files.writeString(avroDir.resolve("thing.avdl"), schema);
  }

  private int check() throws Exception {
    return BackwardCompatibilityCheck.run(avroDir, "HEAD", ps(out), ps(err));
  }

  private static PrintStream ps(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private void git(String... args) throws Exception {
    var command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).inheritIO().start();
    assertThat(p.waitFor()).as("git %s", List.of(args)).isZero();
  }
}
