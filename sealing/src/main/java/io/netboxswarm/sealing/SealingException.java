package io.netboxswarm.sealing;

/**
 * A value could not be sealed or opened, or a keyset could not be loaded.
 *
 * <p>The message says what went wrong in terms an operator can act on (which recipient, which purpose, which
 * file or variable). It never holds key material, plaintext or ciphertext bytes, and this exception never wraps
 * a Tink, JSON or I/O exception whose message could quote them: {@link #getCause()} is always null.
 */
public final class SealingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, for callers that map a failure to an error code (a command result, say). */
  public enum Reason {
    /** Sealed for another recipient, or with a key this recipient does not hold (another keyset, a rotated-out key). */
    WRONG_RECIPIENT,
    /** Sealed for another purpose (context) than the one it is opened for. */
    WRONG_CONTEXT,
    /** Altered: a changed byte, a relabelled value, bytes added. */
    CORRUPTED,
    /** Shorter than when it was sealed: bytes were cut off. */
    TRUNCATED,
    /** No keyset where one was expected: an unset variable, a missing or unreadable file. */
    KEYSET_UNAVAILABLE,
    /** A keyset that cannot serve: not Tink JSON, not HPKE, private where public is expected or the reverse. */
    INVALID_KEYSET,
    /** Sealing or key generation failed in Tink (not expected with a valid keyset). */
    SEALING_FAILED
  }

  private final Reason reason;

  public SealingException(Reason reason, String message) {
    super(message);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
