package io.netboxswarm.sealing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.crypto.tink.KeysetHandle;

/** The operators' command: two usable files, the private one private, and no key on the terminal. */
class KeyGeneratorTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Keysets keysets = new Keysets(name -> null);

  @Test
  void writesAPrivateAndAPublicKeysetThatWorkTogether() throws Exception {
    Path keys = dir.resolve("keys/new");

    assertThat(run("host-3", keys.toString())).isZero();

    Path privateFile = keys.resolve("host-3.private.json");
    Path publicFile = keys.resolve("host-3.public.json");
    KeysetHandle privateKeyset = keysets.privateKeyset(privateFile, null);
    KeysetHandle publicKeyset = keysets.publicKeyset(publicFile, null);
    byte[] secret = "provisioned".getBytes(StandardCharsets.UTF_8);
    SealedValue sealed = Sealer.forRecipient("host-3", publicKeyset).seal(secret, "netbox-secret:7");
    assertThat(Opener.of("host-3", privateKeyset).open(sealed, "netbox-secret:7")).isEqualTo(secret);

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains(privateFile.toString(), publicFile.toString(), Keysets.primaryKeyId(privateKeyset),
        "protect it like a password file");
    Leaks.assertShowsNothingOf(printed, Leaks.keyMaterial(privateKeyset));
    assertThat(printed).doesNotContain(Files.readString(publicFile).strip(), "{");
    assertThat(err.size()).isZero();
    assertThat(Files.readString(publicFile)).doesNotContain("PrivateKey");
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(publicFile))).isEqualTo("rw-r--r--");
    }
    try (Stream<Path> files = Files.list(keys)) {
      assertThat(files).as("no temporary file left").containsExactlyInAnyOrder(privateFile, publicFile,
          keys.resolve("host-3.signing.private.json"), keys.resolve("host-3.signing.public.json"));
    }
  }

  @Test
  void keepsExistingKeysetsUnlessForced() throws Exception {
    assertThat(run("orchestrator", dir.toString())).isZero();
    Path privateFile = dir.resolve("orchestrator.private.json");
    String first = Files.readString(privateFile);

    assertThat(run("orchestrator", dir.toString())).isEqualTo(KeyGenerator.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not replacing " + privateFile, "--force");
    assertThat(Files.readString(privateFile)).isEqualTo(first);

    assertThat(run("orchestrator", dir.toString(), "--force")).isZero();
    assertThat(Files.readString(privateFile)).isNotEqualTo(first);
    assertThat(Keysets.primaryKeyId(keysets.publicKeyset(dir.resolve("orchestrator.public.json"), null)))
        .isEqualTo(Keysets.primaryKeyId(keysets.privateKeyset(privateFile, null)));
  }

  @Test
  void explainsItsUsage() {
    assertThat(run()).isEqualTo(KeyGenerator.USAGE);
    assertThat(run("host-3")).isEqualTo(KeyGenerator.USAGE);
    assertThat(run("host-3", dir.toString(), "--bogus")).isEqualTo(KeyGenerator.USAGE);
    assertThat(run("../etc/host-3", dir.toString())).isEqualTo(KeyGenerator.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: KeyGenerator", "invalid recipient name");
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: KeyGenerator");
  }

  private int run(String... args) {
    return KeyGenerator.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }
}
