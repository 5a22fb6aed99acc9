package io.netboxswarm.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.crypto.tink.KeysetHandle;

import io.netboxswarm.sealing.SealingException.Reason;

/** Sealing and opening with real Tink keys: confidentiality, freshness, and every way a value is refused. */
class SealerOpenerTest {

  private static final String CONTEXT = "docker-secret:3:db_password";

  /** Long and recognisable, with repeated blocks (which a weak mode would show as repeated ciphertext). */
  private static final byte[] SECRET = ("postgres://netbox:CORRECT-HORSE-BATTERY-STAPLE@db/netbox?"
      + "THIS-IS-THE-RECOGNISABLE-DOCKER-SECRET-".repeat(12) + "end-of-secret").getBytes(StandardCharsets.UTF_8);

  private static final KeysetHandle HOST_3_KEYS = Keysets.newPrivateKeyset();
  private static final KeysetHandle OTHER_KEYS = Keysets.newPrivateKeyset();
  private static final byte[][] KEY_MATERIAL = concat(Leaks.keyMaterial(HOST_3_KEYS), Leaks.keyMaterial(OTHER_KEYS));

  /** What a sender holds: the recipient's name and public keyset, nothing else. */
  private final Sealer sealer = Sealer.forRecipient("host-3", Keysets.publicKeysetOf(HOST_3_KEYS));
  private final Opener opener = Opener.of("host-3", HOST_3_KEYS);

  @Test
  void opensWhatWasSealed() {
    SealedValue sealed = sealer.seal(SECRET, CONTEXT);

    assertThat(sealed.recipient()).isEqualTo("host-3");
    assertThat(opener.open(sealed, CONTEXT)).isEqualTo(SECRET);
    assertThat(sealer.keyId()).isEqualTo(Keysets.primaryKeyId(HOST_3_KEYS)).matches("[0-9a-f]{8}");
    assertThat(opener.keyIds()).containsExactly(sealer.keyId());
  }

  @Test
  void opensJoinTokensAsText() {
    String token = "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx";
    SealedValue sealed = sealer.sealUtf8(token, "join-token:abc123:worker:host-3");

    try (Plaintext opened = opener.openPlaintext(sealed, "join-token:abc123:worker:host-3")) {
      assertThat(opened.asUtf8String()).isEqualTo(token);
    }
    Leaks.assertShowsNothingOf(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1),
        token.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 16, 1 << 20})
  void opensValuesOfAnySize(int size) {
    byte[] plaintext = new byte[size];
    new Random(size).nextBytes(plaintext);

    SealedValue sealed = sealer.seal(plaintext, CONTEXT);

    assertThat(opener.open(sealed, CONTEXT)).isEqualTo(plaintext);
    // header (version, context tag, length) + Tink prefix + X25519 encapsulated key + plaintext + GCM tag
    assertThat(sealed.length()).isEqualTo(9 + 5 + 32 + size + 16);
  }

  @Test
  void sealedBytesShowNoTraceOfThePlaintext() {
    SealedValue sealed = sealer.seal(SECRET, CONTEXT);
    byte[] ciphertext = sealed.ciphertext();

    for (int i = 0; i + 8 <= SECRET.length; i++) {
      assertThat(Leaks.containsBytes(ciphertext, Arrays.copyOfRange(SECRET, i, i + 8)))
          .as("8 plaintext bytes from offset %d appear in the ciphertext", i).isFalse();
    }
    String asText = new String(ciphertext, StandardCharsets.ISO_8859_1);
    String asBase64 = Base64.getEncoder().encodeToString(ciphertext);
    Leaks.assertShowsNothingOf(asText, SECRET);
    Leaks.assertShowsNothingOf(asBase64, SECRET);
    assertThat(asText).doesNotContain("CORRECT-HORSE", "RECOGNISABLE", "postgres",
        Base64.getEncoder().encodeToString(SECRET).substring(0, 24));
    assertThat(asBase64).doesNotContain(Base64.getEncoder().encodeToString(SECRET).substring(0, 24));
    Leaks.assertShowsNothingOf(sealed.toString(), SECRET, ciphertext);
  }

  @Test
  void sealingTwiceGivesDifferentBytes() {
    Set<String> values = new HashSet<>();
    Set<String> encapsulatedKeys = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      byte[] ciphertext = sealer.seal(SECRET, CONTEXT).ciphertext();
      values.add(Base64.getEncoder().encodeToString(ciphertext));
      encapsulatedKeys.add(Base64.getEncoder().encodeToString(Arrays.copyOfRange(ciphertext, 14, 46)));
    }
    assertThat(values).hasSize(20);
    assertThat(encapsulatedKeys).as("a fresh ephemeral key for every value").hasSize(20);
  }

  @Test
  void anotherRecipientDoesNotOpen() {
    SealedValue sealed = sealer.seal(SECRET, CONTEXT);

    SealingException e = catchThrowableOfType(SealingException.class,
        () -> Opener.of("host-4", OTHER_KEYS).open(sealed, CONTEXT));

    assertThat(e.reason()).isEqualTo(Reason.WRONG_RECIPIENT);
    assertThat(e).hasMessage("value sealed for 'host-3', not for 'host-4'");
    assertLeaksNothing(e, sealed);
  }

  @Test
  void anotherKeysetUnderTheSameNameDoesNotOpen() {
    SealedValue sealed = sealer.seal(SECRET, CONTEXT);
    Opener impostor = Opener.of("host-3", OTHER_KEYS);

    SealingException e = catchThrowableOfType(SealingException.class, () -> impostor.open(sealed, CONTEXT));

    assertThat(e.reason()).isEqualTo(Reason.WRONG_RECIPIENT);
    assertThat(e.getMessage()).contains("sealed value for 'host-3' does not open", "a key 'host-3' does not hold",
        sealer.keyId(), Keysets.primaryKeyId(OTHER_KEYS));
    assertLeaksNothing(e, sealed);
  }

  @Test
  void aValueRelabelledForAnotherRecipientDoesNotOpen() {
    // host-4 would need host-3's private key anyway; the name is also bound into the ciphertext.
    SealedValue forHost4 = Opener.of("host-4", HOST_3_KEYS).sealerForSelf().seal(SECRET, CONTEXT);
    SealedValue relabelled = new SealedValue("host-3", forHost4.ciphertext());

    SealingException e = catchThrowableOfType(SealingException.class, () -> opener.open(relabelled, CONTEXT));

    assertThat(e.reason()).isIn(Reason.WRONG_CONTEXT, Reason.CORRUPTED);
    assertLeaksNothing(e, forHost4);
  }

  @Test
  void everyFlippedByteIsRefusedAsCorrupted() {
    SealedValue sealed = sealer.seal(SECRET, CONTEXT);
    byte[] original = sealed.ciphertext();

    for (int i = 0; i < original.length; i++) {
      for (int bit : new int[] {0x01, 0x80}) {
        byte[] altered = original.clone();
        altered[i] ^= (byte) bit;
        SealedValue tampered = new SealedValue("host-3", altered);

        SealingException e = catchThrowableOfType(SealingException.class, () -> opener.open(tampered, CONTEXT));

        assertThat(e).as("byte %d, bit %x", i, bit).isNotNull();
        assertThat(e.reason()).as("byte %d, bit %x: %s", i, bit, e.getMessage()).isEqualTo(Reason.CORRUPTED);
        assertThat(e.getMessage()).startsWith("sealed value for 'host-3' does not open: corrupted");
        assertLeaksNothing(e, sealed);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 16, 100, 400, 500, 10_000})
  void truncatedValuesAreRefused(int cut) {
    SealedValue sealed = sealer.seal(SECRET, CONTEXT);
    byte[] original = sealed.ciphertext();
    SealedValue truncated = new SealedValue("host-3", Arrays.copyOf(original, Math.max(0, original.length - cut)));

    SealingException e = catchThrowableOfType(SealingException.class, () -> opener.open(truncated, CONTEXT));

    assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
    assertThat(e.getMessage()).startsWith("sealed value for 'host-3' does not open: it is truncated: "
        + truncated.length() + " bytes");
    assertLeaksNothing(e, sealed);
  }

  @Test
  void bytesAppendedAreRefused() {
    SealedValue sealed = sealer.seal(SECRET, CONTEXT);
    SealedValue longer = new SealedValue("host-3", Arrays.copyOf(sealed.ciphertext(), sealed.length() + 3));

    SealingException e = catchThrowableOfType(SealingException.class, () -> opener.open(longer, CONTEXT));

    assertThat(e.reason()).isEqualTo(Reason.CORRUPTED);
    assertThat(e.getMessage()).contains("corrupted (3 bytes after its end)");
  }

  @Test
  void aValueDoesNotOpenForAnotherPurpose() {
    SealedValue sealed = sealer.seal(SECRET, "docker-secret:3:db_password");

    SealingException e = catchThrowableOfType(SealingException.class,
        () -> opener.open(sealed, "docker-secret:3:admin_password"));

    assertThat(e.reason()).isEqualTo(Reason.WRONG_CONTEXT);
    assertThat(e).hasMessage("sealed value for 'host-3' does not open: it was sealed for another purpose than"
        + " 'docker-secret:3:admin_password'");
    assertLeaksNothing(e, sealed);
  }

  @Test
  void aManagerTokenCannotBeReplayedAsAWorkerToken() {
    SealedValue manager = sealer.sealUtf8("SWMTKN-1-manager", "join-token:abc123:manager:host-3");

    assertThatThrownBy(() -> opener.open(manager, "join-token:abc123:worker:host-3"))
        .isInstanceOfSatisfying(SealingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_CONTEXT));
  }

  @Test
  void hostileLabelsAreNotEchoed() {
    SealedValue sealed = sealer.seal(SECRET, CONTEXT);
    SealedValue hostile = new SealedValue("host-3\nFAKE LOG LINE", sealed.ciphertext());

    assertThatThrownBy(() -> opener.open(hostile, CONTEXT))
        .hasMessageNotContaining("FAKE LOG LINE").hasMessageContaining("<an invalid recipient name>");
    assertThat(hostile.toString()).doesNotContain("FAKE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "secret:9\nsecret:10", "tab\there"})
  void unusableContextsAreRejected(String context) {
    assertThatThrownBy(() -> sealer.seal(SECRET, context)).isInstanceOf(IllegalArgumentException.class);
    SealedValue sealed = sealer.seal(SECRET, CONTEXT);
    assertThatThrownBy(() -> opener.open(sealed, context)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "../host-3", "host 3", "-host"})
  void unusableRecipientNamesAreRejected(String recipient) {
    assertThatThrownBy(() -> Opener.of(recipient, HOST_3_KEYS)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theWrongKindOfKeysetIsRefused() {
    assertThatThrownBy(() -> Sealer.forRecipient("host-3", HOST_3_KEYS))
        .isInstanceOfSatisfying(SealingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_KEYSET))
        .hasMessageContaining("private key material");
    assertThatThrownBy(() -> Opener.of("host-3", Keysets.publicKeysetOf(HOST_3_KEYS)))
        .isInstanceOfSatisfying(SealingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_KEYSET))
        .hasMessageContaining("public keys only");
  }

  @Test
  void valuesSealedBeforeAKeyRotationStillOpen() throws Exception {
    SealedValue beforeRotation = sealer.seal(SECRET, CONTEXT);
    KeysetHandle rotated = KeysetHandle.newBuilder(HOST_3_KEYS)
        .addEntry(KeysetHandle.generateEntryFromParameters(Hpke.parameters()).withRandomId().makePrimary())
        .build();
    Opener rotatedOpener = Opener.of("host-3", Keysets.parsePrivate(Keysets.toPrivateJson(rotated), "rotated"));
    Sealer rotatedSealer = Sealer.forRecipient("host-3",
        Keysets.parsePublic(Keysets.toPublicJson(rotated), "rotated public"));

    SealedValue afterRotation = rotatedSealer.seal(SECRET, CONTEXT);

    assertThat(rotatedOpener.keyIds()).hasSize(2).contains(sealer.keyId(), rotatedSealer.keyId());
    assertThat(rotatedSealer.keyId()).isNotEqualTo(sealer.keyId());
    assertThat(rotatedOpener.open(beforeRotation, CONTEXT)).isEqualTo(SECRET);
    assertThat(rotatedOpener.open(afterRotation, CONTEXT)).isEqualTo(SECRET);
    assertThat(catchThrowableOfType(SealingException.class, () -> opener.open(afterRotation, CONTEXT)).reason())
        .as("the old keyset lacks the new key").isEqualTo(Reason.WRONG_RECIPIENT);
  }

  @Test
  void aPlaintextIsOverwrittenWhenClosed() {
    byte[] opened = opener.open(sealer.seal(SECRET, CONTEXT), CONTEXT);
    Plaintext plaintext = Plaintext.owning(opened);
    assertThat(plaintext.length()).isEqualTo(SECRET.length);

    plaintext.close();

    assertThat(opened).containsOnly((byte) 0);
    assertThat(plaintext.isClosed()).isTrue();
    assertThatThrownBy(plaintext::bytes).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(plaintext::asUtf8String).isInstanceOf(IllegalStateException.class);
    plaintext.close();
  }

  @Test
  void sealedValuesAreImmutableValues() {
    SealedValue sealed = sealer.seal(SECRET, CONTEXT);
    byte[] copy = sealed.ciphertext();
    copy[20] ^= 0x7f;

    assertThat(opener.open(sealed, CONTEXT)).isEqualTo(SECRET);
    assertThat(sealed).isEqualTo(new SealedValue("host-3", sealed.ciphertext()))
        .hasSameHashCodeAs(new SealedValue("host-3", sealed.ciphertext()))
        .isNotEqualTo(new SealedValue("host-3", copy));
  }

  private static void assertLeaksNothing(SealingException e, SealedValue sealed) {
    String everything = e.getMessage() + " " + e;
    Leaks.assertShowsNothingOf(everything, SECRET, sealed.ciphertext());
    Leaks.assertShowsNothingOf(everything, KEY_MATERIAL);
    assertThat(e.getCause()).isNull();
  }

  private static byte[][] concat(byte[][] a, byte[][] b) {
    byte[][] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
