package io.netboxswarm.sealing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An opened secret, kept only while needed: use it in try-with-resources; {@link #close()} overwrites its bytes
 * with zeros. {@link #toString()} is redacted and tells nothing of the content, not even its length; equality is
 * identity.
 *
 * <p>Overwriting is best effort on the JVM: the copies {@link #bytes()} hands out are the caller's to overwrite,
 * and a {@link String} from {@link #asUtf8String()} cannot be overwritten at all (use it only where an API demands
 * a String, such as docker-java's join token).
 */
public final class Plaintext implements AutoCloseable {

  private final byte[] bytes;
  private volatile boolean closed;

  private Plaintext(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Takes {@code bytes} over without copying: the caller must not use the array afterwards. */
  static Plaintext owning(byte[] bytes) {
    return new Plaintext(Objects.requireNonNull(bytes, "bytes"));
  }

  /** A plaintext holding a copy of {@code bytes}. */
  public static Plaintext copyOf(byte[] bytes) {
    return new Plaintext(Objects.requireNonNull(bytes, "bytes").clone());
  }

  /** A copy of the bytes; overwrite it ({@code Arrays.fill(b, (byte) 0)}) once used. */
  public byte[] bytes() {
    ensureOpen();
    return bytes.clone();
  }

  /** The bytes as UTF-8 text. A String cannot be overwritten: prefer {@link #bytes()} where the consumer allows. */
  public String asUtf8String() {
    ensureOpen();
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public int length() {
    ensureOpen();
    return bytes.length;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Overwrites the bytes with zeros; later reads fail. Closing twice is harmless. */
  @Override
  public void close() {
    closed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this plaintext was closed and overwritten");
    }
  }

  @Override
  public String toString() {
    return closed ? "Plaintext[closed]" : "Plaintext[redacted]";
  }
}
