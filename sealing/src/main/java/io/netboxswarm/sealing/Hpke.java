package io.netboxswarm.sealing;

import java.security.GeneralSecurityException;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;

/** The one hybrid scheme netbox-swarm uses: HPKE with X25519, HKDF-SHA256 and AES-256-GCM (RFC 9180). */
final class Hpke {

  /** Tink's output prefix: 1 version byte and a 4-byte key id. */
  static final int PREFIX_BYTES = 5;
  /** Prefix, the X25519 encapsulated key (32 bytes) and the AES-GCM tag (16 bytes): anything shorter is cut. */
  static final int MIN_CIPHERTEXT_BYTES = PREFIX_BYTES + 32 + 16;

  static {
    try {
      HybridConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Hpke() {
  }

  static HpkeParameters parameters() {
    try {
      return HpkeParameters.builder()
          .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
          .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
          .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
          .setVariant(HpkeParameters.Variant.TINK)
          .build();
    } catch (GeneralSecurityException e) {
      throw new SealingException("HPKE is not available in this runtime", e);
    }
  }

  /** A fresh private keyset for a new recipient. */
  static KeysetHandle newPrivateKeyset() {
    try {
      return KeysetHandle.generateNew(parameters());
    } catch (GeneralSecurityException e) {
      throw new SealingException("cannot generate an HPKE keyset", e);
    }
  }
}
