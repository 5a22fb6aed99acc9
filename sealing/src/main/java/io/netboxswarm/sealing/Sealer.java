package io.netboxswarm.sealing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;

import io.netboxswarm.sealing.SealingException.Reason;

/**
 * Seals values for one recipient with its public keyset: Tink HPKE (X25519, HKDF-SHA256, AES-256-GCM), a fresh
 * ephemeral key per value, so sealing the same plaintext twice gives different bytes. Holds no secret;
 * thread-safe.
 */
public final class Sealer {

  private final String recipient;
  private final String keyId;
  private final HybridEncrypt encrypt;

  private Sealer(String recipient, String keyId, HybridEncrypt encrypt) {
    this.recipient = recipient;
    this.keyId = keyId;
    this.encrypt = encrypt;
  }

  /**
   * A sealer for {@code recipient} ("orchestrator", "host-3"), whose public keyset is {@code publicKeyset}.
   *
   * @throws SealingException INVALID_KEYSET when the keyset is not an HPKE public keyset (a private one included)
   */
  public static Sealer forRecipient(String recipient, KeysetHandle publicKeyset) {
    Hpke.requireValidRecipient(recipient);
    NativeX25519.install(); // before the primitive: Tink picks its X25519 when it is made
    String source = "the public keyset for '" + recipient + "'";
    Keysets.enabledKeys(publicKeyset, false, source);
    try {
      return new Sealer(recipient, Keysets.primaryKeyId(publicKeyset),
          publicKeyset.getPrimitive(Hpke.configuration(), HybridEncrypt.class));
    } catch (GeneralSecurityException e) {
      throw new SealingException(Reason.INVALID_KEYSET, source + " cannot seal (" + e.getClass().getSimpleName() + ")");
    }
  }

  public String recipient() {
    return recipient;
  }

  /** Id of the recipient's key values are sealed with. */
  public String keyId() {
    return keyId;
  }

  /**
   * Seals {@code plaintext} for this recipient, bound to {@code context} (HPKE context info, with the recipient's
   * name): it opens only for the same recipient and the same context, so a value sealed for one purpose cannot be
   * replayed for another. Contexts are public ids (see {@code io.netboxswarm.contracts.SealingContext}): never put
   * a secret in one. The caller keeps {@code plaintext} and should overwrite it once sealed.
   */
  public SealedValue seal(byte[] plaintext, String context) {
    Objects.requireNonNull(plaintext, "plaintext");
    Hpke.requireValidContext(context);
    try {
      byte[] tinkCiphertext = encrypt.encrypt(plaintext, Hpke.contextInfo(recipient, context));
      return new SealedValue(recipient, Envelope.wrap(Hpke.contextTag(recipient, context), tinkCiphertext));
    } catch (GeneralSecurityException e) {
      throw new SealingException(Reason.SEALING_FAILED, "cannot seal a value for '" + recipient + "' ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** Seals the UTF-8 bytes of {@code plaintext} (a join token, say), overwriting the intermediate bytes. */
  public SealedValue sealUtf8(String plaintext, String context) {
    byte[] bytes = Objects.requireNonNull(plaintext, "plaintext").getBytes(StandardCharsets.UTF_8);
    try {
      return seal(bytes, context);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "Sealer[recipient=" + recipient + ", key=" + keyId + "]";
  }
}
