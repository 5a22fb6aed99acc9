package io.netboxswarm.sealing;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;

/**
 * Tells whether a record was signed by the principal it names, with the public signing keysets of the principals
 * this reader trusts (found on first use and kept). It never throws for a bad input: a forged, altered or unsigned
 * record is a {@link Verdict}, for the caller to refuse and audit. Thread-safe.
 */
public final class RecordVerifier {

  /** The outcome of a verification. */
  public enum Verdict {
    /** Signed by the named principal's key over these exact bytes and this topic. */
    VALID,
    /** No signature, or no signer named. */
    UNSIGNED,
    /** The named signer is not one this reader knows (no public keyset for it). */
    UNKNOWN_SIGNER,
    /** Signed by another key, or the bytes, topic or signer name were changed. */
    BAD_SIGNATURE
  }

  private final Function<String, Optional<KeysetHandle>> publicKeysets;
  private final Map<String, PublicKeyVerify> verifiers = new ConcurrentHashMap<>();

  /** @param publicKeysets the public signing keyset of a principal, or empty when it is not trusted */
  public RecordVerifier(Function<String, Optional<KeysetHandle>> publicKeysets) {
    this.publicKeysets = Objects.requireNonNull(publicKeysets, "publicKeysets");
  }

  /** A verifier that trusts exactly one principal. */
  public static RecordVerifier trusting(String principal, KeysetHandle publicSigningKeyset) {
    Signatures.requireSigningKeys(publicSigningKeyset, false, "the public signing keyset of '" + principal + "'");
    return new RecordVerifier(p -> p.equals(principal) ? Optional.of(publicSigningKeyset) : Optional.empty());
  }

  public Verdict verify(String signer, String topic, byte[] value, byte[] signature) {
    if (signer == null || signature == null || signature.length == 0 || value == null || topic == null) {
      return Verdict.UNSIGNED;
    }
    if (!Hpke.isValidRecipient(signer)) {
      return Verdict.UNKNOWN_SIGNER;
    }
    PublicKeyVerify verify = verifiers.get(signer);
    if (verify == null) {
      Optional<KeysetHandle> keyset = publicKeysets.apply(signer);
      if (keyset.isEmpty()) {
        return Verdict.UNKNOWN_SIGNER;
      }
      try {
        Signatures.requireSigningKeys(keyset.get(), false, "the public signing keyset of '" + signer + "'");
        verify = keyset.get().getPrimitive(Hpke.configuration(), PublicKeyVerify.class);
      } catch (GeneralSecurityException | SealingException e) {
        return Verdict.UNKNOWN_SIGNER;
      }
      verifiers.put(signer, verify);
    }
    try {
      verify.verify(signature, Signatures.message(signer, topic, value));
      return Verdict.VALID;
    } catch (GeneralSecurityException e) {
      return Verdict.BAD_SIGNATURE;
    }
  }

  /** Forgets a principal's cached key, e.g. after its keyset file was replaced. */
  public void forget(String principal) {
    verifiers.remove(principal);
  }
}
