package io.netboxswarm.sealing;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;

import io.netboxswarm.sealing.SealingException.Reason;

/**
 * Opens values sealed for one recipient, with that recipient's private keyset. Every enabled key of the keyset
 * opens (so a recipient can rotate: make a new primary key, hand out the new public keyset, keep the old key until
 * nothing sealed with it is left). Thread-safe.
 *
 * <p>Every failure is a {@link SealingException} whose {@link SealingException#reason() reason} and message say
 * what went wrong: another recipient (WRONG_RECIPIENT), another purpose (WRONG_CONTEXT), an altered value
 * (CORRUPTED), a cut-off value (TRUNCATED); never a byte of the value, the plaintext or the key.
 */
public final class Opener {

  private final String recipient;
  private final HybridDecrypt decrypt;
  private final Map<String, RecipientKey> keys;
  private final KeysetHandle publicKeyset;
  /** The same keys without Tink's prefix: only to tell an altered key id from a key this recipient lacks. */
  private final List<HybridDecrypt> unprefixed;

  private Opener(String recipient, HybridDecrypt decrypt, Map<String, RecipientKey> keys, KeysetHandle publicKeyset,
      List<HybridDecrypt> unprefixed) {
    this.recipient = recipient;
    this.decrypt = decrypt;
    this.keys = keys;
    this.publicKeyset = publicKeyset;
    this.unprefixed = unprefixed;
  }

  /**
   * An opener for {@code recipient} ("orchestrator", "host-3"), holding its private keyset.
   *
   * @throws SealingException INVALID_KEYSET when the keyset is not an HPKE private keyset
   */
  public static Opener of(String recipient, KeysetHandle privateKeyset) {
    Hpke.requireValidRecipient(recipient);
    NativeX25519.install(); // before the primitive: Tink picks its X25519 when it is made
    String source = "the keyset for '" + recipient + "'";
    Map<String, RecipientKey> keys = Keysets.enabledKeys(privateKeyset, true, source);
    try {
      return new Opener(recipient, privateKeyset.getPrimitive(Hpke.configuration(), HybridDecrypt.class), keys,
          privateKeyset.getPublicKeysetHandle(), unprefixed(privateKeyset));
    } catch (GeneralSecurityException e) {
      throw new SealingException(Reason.INVALID_KEYSET, source + " cannot open (" + e.getClass().getSimpleName() + ")");
    }
  }

  public String recipient() {
    return recipient;
  }

  /** Ids of the keys this opener holds. */
  public List<String> keyIds() {
    return List.copyOf(keys.keySet());
  }

  /** A sealer for this same recipient: what a sender configured with our public keyset would build. */
  public Sealer sealerForSelf() {
    return Sealer.forRecipient(recipient, publicKeyset);
  }

  /**
   * Opens {@code sealed}, which must have been sealed for this recipient and {@code context}: the purpose the caller
   * expects, derived from its own knowledge (e.g. {@code SealingContext.dockerSecret(hostId, name)}). The caller owns
   * the returned bytes and should overwrite them once used (or use {@link #openPlaintext}).
   *
   * @throws SealingException naming the cause: another recipient or key, another purpose, altered, cut off
   */
  public byte[] open(SealedValue sealed, String context) {
    Objects.requireNonNull(sealed, "sealed");
    Hpke.requireValidContext(context);
    if (!recipient.equals(sealed.recipient())) {
      throw new SealingException(Reason.WRONG_RECIPIENT, "value sealed for '"
          + Hpke.describeRecipient(sealed.recipient()) + "', not for '" + recipient + "'");
    }
    byte[] envelope = sealed.ciphertextNoCopy();
    if (envelope.length == 0) {
      throw failure(Reason.TRUNCATED, "it is truncated: 0 bytes");
    }
    if (Envelope.version(envelope) != Envelope.VERSION) {
      throw failure(Reason.CORRUPTED, "corrupted (unknown format version " + Envelope.version(envelope) + ")");
    }
    if (envelope.length < Envelope.HEADER_BYTES) {
      throw failure(Reason.TRUNCATED, "it is truncated: " + envelope.length + " bytes, shorter than its "
          + Envelope.HEADER_BYTES + "-byte header");
    }
    long declared = Envelope.declaredLength(envelope);
    long expected = declared + Envelope.HEADER_BYTES;
    if (envelope.length > expected) {
      throw failure(Reason.CORRUPTED, "corrupted (" + (envelope.length - expected) + " bytes after its end)");
    }
    byte[] body = Envelope.body(envelope);
    byte[] info = Hpke.contextInfo(recipient, context);
    if (envelope.length < expected) {
      // Cut off, unless it is the length field that was altered: then the bytes still authenticate.
      if (opens(body, info)) {
        throw failure(Reason.CORRUPTED, "corrupted (its length field was altered)");
      }
      throw failure(Reason.TRUNCATED, "it is truncated: " + envelope.length + " bytes, " + expected + " expected");
    }
    RecipientKey key = keys.values().stream().filter(k -> k.names(body)).findFirst().orElse(null);
    if (key == null) {
      if (body.length < Hpke.PREFIX_BYTES || body[0] != 1) {
        throw failure(Reason.CORRUPTED, "corrupted (its key header is not Tink's)");
      }
      if (opensWithoutPrefix(body, info)) {
        throw failure(Reason.CORRUPTED, "corrupted (its key id was altered)");
      }
      throw failure(Reason.WRONG_RECIPIENT, "it was sealed with a key '" + recipient + "' does not hold (key "
          + Hpke.formatKeyId(ByteBuffer.wrap(body, 1, 4).getInt()) + "; this keyset holds " + keys.keySet()
          + "): sealed with another keyset for '" + recipient + "', or with a key rotated out");
    }
    if (body.length < key.minimumCiphertextBytes()) {
      throw failure(Reason.CORRUPTED, "corrupted (" + body.length + " bytes of ciphertext, fewer than the "
          + key.minimumCiphertextBytes() + " of any sealed value)");
    }
    boolean tagMatches = Envelope.tagMatches(envelope, Hpke.contextTag(recipient, context));
    byte[] plaintext;
    try {
      plaintext = decrypt.decrypt(body, info);
    } catch (GeneralSecurityException | RuntimeException e) {
      if (!tagMatches) {
        throw failure(Reason.WRONG_CONTEXT, "it was sealed for another purpose than " + Hpke.describeContext(context));
      }
      throw failure(Reason.CORRUPTED, "corrupted (it does not authenticate with key " + key.id() + ")");
    }
    if (!tagMatches) {
      Arrays.fill(plaintext, (byte) 0);
      throw failure(Reason.CORRUPTED, "corrupted (its context tag was altered)");
    }
    return plaintext;
  }

  /** Like {@link #open}, the result held in a {@link Plaintext} to close (and so overwrite) once used. */
  public Plaintext openPlaintext(SealedValue sealed, String context) {
    return Plaintext.owning(open(sealed, context));
  }

  private boolean opens(byte[] body, byte[] info) {
    try {
      Arrays.fill(decrypt.decrypt(body, info), (byte) 0);
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private boolean opensWithoutPrefix(byte[] body, byte[] info) {
    byte[] unprefixedBody = Arrays.copyOfRange(body, Hpke.PREFIX_BYTES, body.length);
    for (HybridDecrypt each : unprefixed) {
      try {
        Arrays.fill(each.decrypt(unprefixedBody, info), (byte) 0);
        return true;
      } catch (GeneralSecurityException | RuntimeException e) {
        // not this key
      }
    }
    return false;
  }

  private static List<HybridDecrypt> unprefixed(KeysetHandle privateKeyset) throws GeneralSecurityException {
    List<HybridDecrypt> decrypts = new ArrayList<>();
    for (int i = 0; i < privateKeyset.size(); i++) {
      KeysetHandle.Entry entry = privateKeyset.getAt(i);
      if (!entry.getStatus().equals(KeyStatus.ENABLED)) {
        continue;
      }
      HpkePrivateKey key = (HpkePrivateKey) entry.getKey();
      HpkeParameters parameters = HpkeParameters.builder()
          .setKemId(key.getParameters().getKemId())
          .setKdfId(key.getParameters().getKdfId())
          .setAeadId(key.getParameters().getAeadId())
          .setVariant(HpkeParameters.Variant.NO_PREFIX)
          .build();
      HpkePrivateKey withoutPrefix = HpkePrivateKey.create(
          HpkePublicKey.create(parameters, key.getPublicKey().getPublicKeyBytes(), null), key.getPrivateKeyBytes());
      decrypts.add(KeysetHandle.newBuilder()
          .addEntry(KeysetHandle.importKey(withoutPrefix).withRandomId().makePrimary())
          .build()
          .getPrimitive(Hpke.configuration(), HybridDecrypt.class));
    }
    return List.copyOf(decrypts);
  }

  private SealingException failure(Reason reason, String what) {
    return new SealingException(reason, "sealed value for '" + recipient + "' does not open: " + what);
  }

  @Override
  public String toString() {
    return "Opener[recipient=" + recipient + ", keys=" + keys.keySet() + "]";
  }
}
