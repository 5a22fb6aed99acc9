package io.netboxswarm.sealing;

import java.util.Arrays;
import java.util.Objects;

/**
 * A value encrypted for one recipient: only the holder of that recipient's private keyset opens it, and only for
 * the purpose (context) it was sealed for. This is the Avro {@code io.netboxswarm.contracts.SealedValue}:
 * {@code recipient} is the recipient's name ("orchestrator", "host-3"); {@code ciphertext} is this module's
 * envelope: format version (1 byte, 1), a 4-byte tag of the context (so a wrong purpose is told from an altered
 * value), the 4-byte big-endian length of what follows (so a cut-off value is told from an altered one), then the
 * Tink HPKE ciphertext (Tink's 5-byte key-id prefix, the 32-byte X25519 encapsulated key, the AES-256-GCM
 * ciphertext and its 16-byte tag). Both are safe to publish.
 *
 * <p>Arrays are copied in and out: a value never shares its bytes. {@link #toString()} shows the recipient and the
 * size, never the bytes.
 */
public record SealedValue(String recipient, byte[] ciphertext) {

  public SealedValue {
    Objects.requireNonNull(recipient, "recipient");
    ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
  }

  /** A copy of the sealed bytes. */
  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** The number of sealed bytes. */
  public int length() {
    return ciphertext.length;
  }

  byte[] ciphertextNoCopy() {
    return ciphertext;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedValue other && recipient.equals(other.recipient)
        && Arrays.equals(ciphertext, other.ciphertext);
  }

  @Override
  public int hashCode() {
    return 31 * recipient.hashCode() + Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "SealedValue[recipient=" + Hpke.describeRecipient(recipient) + ", " + ciphertext.length + " bytes]";
  }
}
