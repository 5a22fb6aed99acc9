package io.netboxswarm.orchestrator.state;

import io.netboxswarm.contracts.SealedValue;
import java.nio.ByteBuffer;
import java.util.Base64;

/** A sealed value as the orchestrator keeps it in its state store: still sealed, never opened at rest. */
public record Sealed(String recipient, String ciphertext) {

  public static Sealed of(SealedValue value) {
    if (value == null) {
      return null;
    }
    ByteBuffer buffer = value.getCiphertext().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return new Sealed(value.getRecipient(), Base64.getEncoder().encodeToString(bytes));
  }

  public static SealedValue toAvro(io.netboxswarm.sealing.SealedValue value) {
    return new SealedValue(value.recipient(), ByteBuffer.wrap(value.ciphertext()));
  }

  public SealedValue toAvro() {
    return new SealedValue(recipient, ByteBuffer.wrap(Base64.getDecoder().decode(ciphertext)));
  }

  /** The sealing library's form, which an {@code Opener} opens. */
  public io.netboxswarm.sealing.SealedValue toSealing() {
    return new io.netboxswarm.sealing.SealedValue(recipient, Base64.getDecoder().decode(ciphertext));
  }

  @Override
  public String toString() {
    return "Sealed[" + recipient + "]";
  }
}
