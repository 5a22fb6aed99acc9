package io.netboxswarm.sealing;

/** A value could not be sealed or opened. Its message says why, and never holds key material or plaintext. */
public class SealingException extends RuntimeException {

  public SealingException(String message) {
    super(message);
  }

  public SealingException(String message, Throwable cause) {
    super(message, cause);
  }
}
