package io.netboxswarm.sealing;

import java.nio.ByteBuffer;

/**
 * The bytes of {@link SealedValue#ciphertext()}:
 *
 * <pre>
 * 1 byte   format version (1)
 * 4 bytes  context tag: SHA-256(HPKE context info)[0..4], to tell a wrong purpose from an altered value
 * 4 bytes  length of the Tink ciphertext (big-endian), to tell a cut-off value from an altered one
 * n bytes  Tink HPKE ciphertext: 0x01 and the 4-byte key id, the 32-byte X25519 encapsulated key,
 *          the AES-256-GCM ciphertext and its 16-byte tag
 * </pre>
 */
final class Envelope {

  static final byte VERSION = 1;
  static final int TAG_BYTES = 4;
  static final int HEADER_BYTES = 1 + TAG_BYTES + 4;

  private Envelope() {
  }

  static byte[] wrap(byte[] contextTag, byte[] tinkCiphertext) {
    return ByteBuffer.allocate(HEADER_BYTES + tinkCiphertext.length)
        .put(VERSION)
        .put(contextTag)
        .putInt(tinkCiphertext.length)
        .put(tinkCiphertext)
        .array();
  }

  static int version(byte[] envelope) {
    return envelope[0] & 0xff;
  }

  static boolean tagMatches(byte[] envelope, byte[] expectedTag) {
    int difference = 0;
    for (int i = 0; i < TAG_BYTES; i++) {
      difference |= envelope[1 + i] ^ expectedTag[i];
    }
    return difference == 0;
  }

  /** The length of the Tink ciphertext the header declares. */
  static long declaredLength(byte[] envelope) {
    return Integer.toUnsignedLong(ByteBuffer.wrap(envelope, 1 + TAG_BYTES, 4).getInt());
  }

  /** The bytes after the header, as many as there are. */
  static byte[] body(byte[] envelope) {
    byte[] body = new byte[envelope.length - HEADER_BYTES];
    System.arraycopy(envelope, HEADER_BYTES, body, 0, body.length);
    return body;
  }
}
