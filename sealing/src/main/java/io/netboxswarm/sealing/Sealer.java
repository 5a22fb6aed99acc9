package io.netboxswarm.sealing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;

/** Seals values for one recipient with its public keyset. Thread-safe. */
public final class Sealer {

  private final String recipient;
  private final HybridEncrypt encrypt;

  private Sealer(String recipient, HybridEncrypt encrypt) {
    this.recipient = recipient;
    this.encrypt = encrypt;
  }

  /** A sealer for {@code recipient}, whose public keyset is {@code publicKeyset}. */
  public static Sealer forRecipient(String recipient, KeysetHandle publicKeyset) {
    try {
      Hpke.parameters(); // registers the scheme
      return new Sealer(recipient, publicKeyset.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class));
    } catch (GeneralSecurityException e) {
      throw new SealingException("the keyset for " + recipient + " is not an HPKE public keyset", e);
    }
  }

  public String recipient() {
    return recipient;
  }

  /**
   * Seals {@code plaintext} for this recipient, bound to {@code context}: it opens only with the same context,
   * so a value sealed for one purpose cannot be replayed for another.
   */
  public SealedValue seal(byte[] plaintext, String context) {
    try {
      return new SealedValue(recipient, encrypt.encrypt(plaintext, context.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new SealingException("cannot seal a value for " + recipient, e);
    }
  }
}
