package io.netboxswarm.sealing;

import java.util.Arrays;
import java.util.Objects;

/**
 * A value encrypted for one recipient: only the holder of that recipient's private keyset can open it.
 * Its {@link #toString()} shows the recipient and the size, never the bytes.
 */
public record SealedValue(String recipient, byte[] ciphertext) {

  public SealedValue {
    Objects.requireNonNull(recipient, "recipient");
    ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
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
    return "SealedValue[recipient=" + recipient + ", " + ciphertext.length + " bytes]";
  }
}
