package io.netboxswarm.sealing;

import com.google.crypto.tink.hybrid.HpkePublicKey;

/** Public facts about one enabled HPKE key of a keyset: its id, its ciphertext prefix and sizes. */
record RecipientKey(String id, byte[] outputPrefix, int encapsulatedKeyBytes) {

  static RecipientKey of(int keyId, HpkePublicKey key) {
    return new RecipientKey(Hpke.formatKeyId(keyId), key.getOutputPrefix().toByteArray(),
        key.getPublicKeyBytes().size());
  }

  /** The shortest ciphertext this key produces: prefix, encapsulated key, the tag of an empty plaintext. */
  int minimumCiphertextBytes() {
    return outputPrefix.length + encapsulatedKeyBytes + Hpke.TAG_BYTES;
  }

  /** Whether {@code tinkCiphertext} starts with this key's prefix (names this key). */
  boolean names(byte[] tinkCiphertext) {
    if (tinkCiphertext.length < outputPrefix.length) {
      return false;
    }
    for (int i = 0; i < outputPrefix.length; i++) {
      if (tinkCiphertext[i] != outputPrefix[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return id;
  }
}
