package io.netboxswarm.sealing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;

/** Opens values sealed for one recipient, with that recipient's private keyset. Thread-safe. */
public final class Opener {

  private final String recipient;
  private final HybridDecrypt decrypt;
  private final Set<Integer> keyIds;
  private final KeysetHandle publicKeyset;

  private Opener(String recipient, HybridDecrypt decrypt, Set<Integer> keyIds, KeysetHandle publicKeyset) {
    this.recipient = recipient;
    this.decrypt = decrypt;
    this.keyIds = keyIds;
    this.publicKeyset = publicKeyset;
  }

  /** An opener for {@code recipient}, holding its private keyset. */
  public static Opener of(String recipient, KeysetHandle privateKeyset) {
    try {
      Hpke.parameters(); // registers the scheme
      Set<Integer> ids = privateKeyset.getKeysetInfo().getKeyInfoList().stream()
          .map(k -> k.getKeyId()).collect(Collectors.toUnmodifiableSet());
      return new Opener(recipient, privateKeyset.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class), ids,
          privateKeyset.getPublicKeysetHandle());
    } catch (GeneralSecurityException e) {
      throw new SealingException("the keyset for " + recipient + " is not an HPKE private keyset", e);
    }
  }

  public String recipient() {
    return recipient;
  }

  /** A sealer for this same recipient: what a sender configured with our public keyset would build. */
  public Sealer sealerForSelf() {
    return Sealer.forRecipient(recipient, publicKeyset);
  }

  /**
   * Opens {@code sealed}, which must have been sealed for this recipient with the same {@code context}.
   * The caller owns the returned bytes and should overwrite them once used.
   *
   * @throws SealingException naming the cause: another recipient, a truncated or a corrupted value (which is
   *     also what a wrong context looks like: HPKE cannot tell them apart)
   */
  public byte[] open(SealedValue sealed, String context) {
    if (!recipient.equals(sealed.recipient())) {
      throw new SealingException("value sealed for '" + sealed.recipient() + "', not for '" + recipient + "'");
    }
    byte[] ciphertext = sealed.ciphertext();
    if (ciphertext.length < Hpke.MIN_CIPHERTEXT_BYTES) {
      throw new SealingException("sealed value for '" + recipient + "' is truncated: " + ciphertext.length
          + " bytes, at least " + Hpke.MIN_CIPHERTEXT_BYTES + " expected");
    }
    int keyId = ByteBuffer.wrap(ciphertext, 1, 4).getInt();
    if (!keyIds.contains(keyId)) {
      throw new SealingException("value sealed with a key '" + recipient + "' does not hold (another keyset, "
          + "or a rotated-out key)");
    }
    try {
      return decrypt.decrypt(ciphertext, context.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new SealingException("sealed value for '" + recipient + "' does not open: corrupted, or sealed for "
          + "another purpose than '" + context + "'");
    }
  }
}
