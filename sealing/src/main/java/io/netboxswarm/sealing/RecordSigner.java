package io.netboxswarm.sealing;

import java.security.GeneralSecurityException;
import java.util.Objects;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;

import io.netboxswarm.sealing.SealingException.Reason;

/**
 * Signs records as one principal ("orchestrator", "host-3") with its private signing keyset (Tink Ed25519), so
 * that a reader can tell who sent a record and that not one byte of it changed: sealing (HPKE) hides a value but
 * says nothing about who sealed it, since the recipient's public keyset is public. Thread-safe.
 */
public final class RecordSigner {

  private final String principal;
  private final PublicKeySign sign;

  private RecordSigner(String principal, PublicKeySign sign) {
    this.principal = principal;
    this.sign = sign;
  }

  /**
   * @throws SealingException INVALID_KEYSET when the keyset is not a private Ed25519 keyset
   */
  public static RecordSigner of(String principal, KeysetHandle privateSigningKeyset) {
    Hpke.requireValidRecipient(principal);
    String source = "the signing keyset of '" + principal + "'";
    Signatures.requireSigningKeys(Objects.requireNonNull(privateSigningKeyset, "keyset"), true, source);
    try {
      return new RecordSigner(principal, privateSigningKeyset.getPrimitive(Hpke.configuration(), PublicKeySign.class));
    } catch (GeneralSecurityException e) {
      throw new SealingException(Reason.INVALID_KEYSET, source + " cannot sign (" + e.getClass().getSimpleName() + ")");
    }
  }

  public String principal() {
    return principal;
  }

  /** The signature of {@code value}, written to {@code topic} by this principal (Tink's key-id prefix first). */
  public byte[] sign(String topic, byte[] value) {
    try {
      return sign.sign(Signatures.message(principal, topic, value));
    } catch (GeneralSecurityException e) {
      throw new SealingException(Reason.SEALING_FAILED, "cannot sign a record for " + topic + " ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public String toString() {
    return "RecordSigner[" + principal + "]";
  }
}
