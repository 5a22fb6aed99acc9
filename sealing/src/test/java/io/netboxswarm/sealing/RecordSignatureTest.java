package io.netboxswarm.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.crypto.tink.KeysetHandle;

import io.netboxswarm.sealing.RecordVerifier.Verdict;

/** Who sent a record, and that not one byte of it changed: what the agents and the orchestrator rely on. */
class RecordSignatureTest {

  @TempDir
  Path dir;

  private final Keysets keysets = new Keysets(name -> null);
  private final byte[] command = "\0\0\0\0\u0007a command".getBytes(StandardCharsets.UTF_8);

  @Test
  void aRecordSignedByTheOrchestratorVerifiesOnlyAsSentOnItsTopic() throws Exception {
    KeyGenerator.generate("orchestrator", dir);
    RecordSigner signer = RecordSigner.of("orchestrator",
        keysets.signingPrivateKeyset(dir.resolve("orchestrator.signing.private.json"), null));
    RecordVerifier verifier = RecordVerifier.trusting("orchestrator",
        keysets.signingPublicKeyset(dir.resolve("orchestrator.signing.public.json"), null));

    byte[] signature = signer.sign("agent.commands.2", command);

    assertThat(verifier.verify("orchestrator", "agent.commands.2", command, signature)).isEqualTo(Verdict.VALID);
    byte[] changed = command.clone();
    changed[changed.length - 1] ^= 1;
    assertThat(verifier.verify("orchestrator", "agent.commands.2", changed, signature))
        .isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(verifier.verify("orchestrator", "agent.commands.3", command, signature))
        .as("moved to another host's topic").isEqualTo(Verdict.BAD_SIGNATURE);
    byte[] truncated = java.util.Arrays.copyOf(signature, signature.length - 1);
    assertThat(verifier.verify("orchestrator", "agent.commands.2", command, truncated))
        .isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(verifier.verify("orchestrator", "agent.commands.2", command, null)).isEqualTo(Verdict.UNSIGNED);
    assertThat(verifier.verify(null, "agent.commands.2", command, signature)).isEqualTo(Verdict.UNSIGNED);
    assertThat(verifier.verify("host-2", "agent.commands.2", command, signature))
        .isEqualTo(Verdict.UNKNOWN_SIGNER);
  }

  @Test
  void aSignatureByAnotherKeyIsRefusedEvenUnderTheRightName() throws Exception {
    KeyGenerator.generate("orchestrator", dir);
    Path forger = Files.createDirectories(dir.resolve("forger"));
    KeyGenerator.generate("orchestrator", forger);
    RecordSigner forged = RecordSigner.of("orchestrator",
        keysets.signingPrivateKeyset(forger.resolve("orchestrator.signing.private.json"), null));
    RecordVerifier verifier = RecordVerifier.trusting("orchestrator",
        keysets.signingPublicKeyset(dir.resolve("orchestrator.signing.public.json"), null));

    assertThat(verifier.verify("orchestrator", "agent.commands.2", command, forged.sign("agent.commands.2", command)))
        .isEqualTo(Verdict.BAD_SIGNATURE);
  }

  @Test
  void eachHostIsVerifiedWithItsOwnKey() throws Exception {
    KeyGenerator.generate("host-2", dir);
    KeyGenerator.generate("host-3", dir);
    RecordVerifier verifier = new RecordVerifier(p -> {
      Path file = dir.resolve(p + ".signing.public.json");
      return Files.isRegularFile(file) ? Optional.of(keysets.signingPublicKeyset(file, null)) : Optional.empty();
    });
    RecordSigner host3 = RecordSigner.of("host-3",
        keysets.signingPrivateKeyset(dir.resolve("host-3.signing.private.json"), null));
    byte[] signature = host3.sign("agent.results", command);

    assertThat(verifier.verify("host-3", "agent.results", command, signature)).isEqualTo(Verdict.VALID);
    assertThat(verifier.verify("host-2", "agent.results", command, signature))
        .as("host-3's record claimed as host-2's").isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(verifier.verify("host-9", "agent.results", command, signature)).isEqualTo(Verdict.UNKNOWN_SIGNER);
    assertThat(verifier.verify("../host-3", "agent.results", command, signature)).isEqualTo(Verdict.UNKNOWN_SIGNER);
  }

  @Test
  void keyGeneratorWritesTheSigningPairBesideTheSealingPairWithTheSameModes() throws Exception {
    KeyGenerator.generate("host-3", dir);

    assertThat(Files.getPosixFilePermissions(dir.resolve("host-3.signing.private.json")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(dir.resolve("host-3.signing.public.json")))
        .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(Keysets.signingFileBeside(dir.resolve("host-3.private.json")))
        .isEqualTo(dir.resolve("host-3.signing.private.json"));
    assertThat(Keysets.signingFileBeside(dir.resolve("orchestrator.public.json")))
        .isEqualTo(dir.resolve("orchestrator.signing.public.json"));
  }

  @Test
  void theWrongKindOfKeysetIsRefusedNamingTheFileOnly() throws Exception {
    KeyGenerator.generate("host-3", dir);
    Path privateSigning = dir.resolve("host-3.signing.private.json");
    Path sealing = dir.resolve("host-3.private.json");

    assertThatThrownBy(() -> keysets.signingPublicKeyset(privateSigning, null))
        .isInstanceOf(SealingException.class).hasMessageContaining("private key material")
        .hasMessageContaining(privateSigning.toString());
    assertThatThrownBy(() -> keysets.signingPrivateKeyset(sealing, null))
        .isInstanceOf(SealingException.class).hasMessageContaining("not an Ed25519 signing key");
    KeysetHandle signingPublic = keysets.signingPublicKeyset(dir.resolve("host-3.signing.public.json"), null);
    assertThatThrownBy(() -> RecordSigner.of("host-3", signingPublic))
        .isInstanceOf(SealingException.class).hasMessageContaining("public keys only");
  }
}
