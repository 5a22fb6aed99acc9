package io.netboxswarm.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealingTest {

  private static final String SECRET = "SWMTKN-1-4g0exampleexampleexampleexampleexampleexample0001-1awxwuwd3z9j1z3puu7rcgdbx";
  private static final byte[] PLAINTEXT = SECRET.getBytes(StandardCharsets.UTF_8);
  private static final String CONTEXT = "join-token:cluster-1:worker:host-3";

  private final Opener host3 = Opener.of("host-3", Hpke.newPrivateKeyset());
  private final Sealer forHost3 = host3.sealerForSelf();

  @Test
  void sealedBytesHoldNoTraceOfThePlaintext() {
    byte[] ciphertext = forHost3.seal(PLAINTEXT, CONTEXT).ciphertext();

    assertThat(indexOf(ciphertext, PLAINTEXT)).isNegative();
    assertThat(indexOf(ciphertext, Base64.getEncoder().encode(PLAINTEXT))).isNegative();
    // Not even a recognisable fragment of it.
    assertThat(indexOf(ciphertext, "SWMTKN".getBytes(StandardCharsets.UTF_8))).isNegative();
    assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("example");
  }

  @Test
  void theSamePlaintextSealsDifferentlyEachTime() {
    assertThat(forHost3.seal(PLAINTEXT, CONTEXT).ciphertext()).isNotEqualTo(forHost3.seal(PLAINTEXT, CONTEXT)
        .ciphertext());
  }

  @Test
  void theRightKeyOpensIt() {
    assertThat(host3.open(forHost3.seal(PLAINTEXT, CONTEXT), CONTEXT)).isEqualTo(PLAINTEXT);
  }

  @Test
  void anotherRecipientsKeyDoesNot() {
    SealedValue sealed = forHost3.seal(PLAINTEXT, CONTEXT);
    Opener impostor = Opener.of("host-3", Hpke.newPrivateKeyset());

    assertThatThrownBy(() -> impostor.open(sealed, CONTEXT)).isInstanceOf(SealingException.class)
        .hasMessageContaining("a key 'host-3' does not hold");
    assertThatThrownBy(() -> Opener.of("host-4", Hpke.newPrivateKeyset()).open(sealed, CONTEXT))
        .hasMessage("value sealed for 'host-3', not for 'host-4'");
  }

  @Test
  void aTamperedValueIsRefused() {
    byte[] ciphertext = forHost3.seal(PLAINTEXT, CONTEXT).ciphertext();
    ciphertext[ciphertext.length - 20] ^= 0x01;

    assertThatThrownBy(() -> host3.open(new SealedValue("host-3", ciphertext), CONTEXT))
        .isInstanceOf(SealingException.class).hasMessageContaining("does not open: corrupted");
  }

  @Test
  void aTruncatedValueIsRefused() {
    byte[] ciphertext = forHost3.seal(PLAINTEXT, CONTEXT).ciphertext();

    assertThatThrownBy(() -> host3.open(new SealedValue("host-3", Arrays.copyOf(ciphertext, 40)), CONTEXT))
        .hasMessageContaining("is truncated: 40 bytes");
    assertThatThrownBy(() -> host3.open(new SealedValue("host-3",
        Arrays.copyOf(ciphertext, ciphertext.length - 1)), CONTEXT)).hasMessageContaining("does not open");
  }

  @Test
  void aValueSealedForAnotherPurposeIsRefused() {
    SealedValue sealed = forHost3.seal(PLAINTEXT, CONTEXT);

    assertThatThrownBy(() -> host3.open(sealed, "docker-secret:3:admin_password"))
        .hasMessageContaining("sealed for another purpose");
  }

  @Test
  void noMessageNorToStringLeaksAnything() {
    SealedValue sealed = forHost3.seal(PLAINTEXT, CONTEXT);
    String base64 = Base64.getEncoder().encodeToString(sealed.ciphertext());

    assertThat(sealed.toString()).isEqualTo("SealedValue[recipient=host-3, " + sealed.ciphertext().length + " bytes]");
    for (SealedValue bad : new SealedValue[] {
        new SealedValue("host-3", Arrays.copyOf(sealed.ciphertext(), 10)),
        new SealedValue("host-3", flipLast(sealed.ciphertext()))}) {
      assertThatThrownBy(() -> host3.open(bad, CONTEXT)).satisfies(e -> {
        assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(base64.substring(0, 16));
        assertThat(e.getCause()).isNull();
      });
    }
  }

  @Test
  void keysetsLoadFromAFileAndFromTheEnvironment(@TempDir Path dir) throws Exception {
    Path[] files = KeyGenerator.generate("orchestrator", dir);
    Keysets fromFiles = new Keysets(name -> null);
    Opener orchestrator = Opener.of("orchestrator", fromFiles.privateKeyset(files[0], null));
    Sealer sender = Sealer.forRecipient("orchestrator", fromFiles.publicKeyset(files[1], null));

    assertThat(orchestrator.open(sender.seal(PLAINTEXT, "c"), "c")).isEqualTo(PLAINTEXT);
    assertThat(Files.getPosixFilePermissions(files[0]))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    Keysets fromEnv = new Keysets(Map.of("NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET", Files.readString(files[1]),
        "NETBOX_SWARM_ORCHESTRATOR_KEYSET", Files.readString(files[0]))::get);
    Sealer envSender = Sealer.forRecipient("orchestrator",
        fromEnv.publicKeyset(null, "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET"));
    Opener envOpener = Opener.of("orchestrator", fromEnv.privateKeyset(null, "NETBOX_SWARM_ORCHESTRATOR_KEYSET"));
    assertThat(envOpener.open(envSender.seal(PLAINTEXT, "c"), "c")).isEqualTo(PLAINTEXT);
  }

  @Test
  void aMissingOrWrongKeysetIsAClearError(@TempDir Path dir) throws Exception {
    Path[] files = KeyGenerator.generate("host-1", dir);
    Keysets keysets = new Keysets(name -> null);

    assertThatThrownBy(() -> keysets.privateKeyset(null, "NETBOX_SWARM_AGENT_KEYSET"))
        .hasMessage("no keyset: environment variable NETBOX_SWARM_AGENT_KEYSET is not set");
    assertThatThrownBy(() -> keysets.publicKeyset(files[0], null))
        .hasMessageStartingWith("not a Tink public keyset (a private one is refused here): file ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("primaryKeyId"));
    assertThatThrownBy(() -> keysets.privateKeyset(dir.resolve("missing.json"), null))
        .hasMessageContaining("cannot read keyset file");
  }

  private static byte[] flipLast(byte[] bytes) {
    byte[] copy = bytes.clone();
    copy[copy.length - 1] ^= 0x7f;
    return copy;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
