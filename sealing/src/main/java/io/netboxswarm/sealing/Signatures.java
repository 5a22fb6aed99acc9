package io.netboxswarm.sealing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.signature.SignatureConfig;

import io.netboxswarm.sealing.SealingException.Reason;

/**
 * The one signature scheme netbox-swarm uses to say who sent a record: Ed25519 with Tink's 5-byte key-id prefix, so
 * a verifier picks the right key of a rotated keyset by itself. Also what exactly is signed (see {@link #message}).
 */
final class Signatures {

  /** Binds a signature to this use and version, so it cannot be taken for one made for another purpose. */
  private static final byte[] DOMAIN = "netbox-swarm/record-signature/v1\n".getBytes(StandardCharsets.UTF_8);

  private static final Ed25519Parameters PARAMETERS = Ed25519Parameters.create(Ed25519Parameters.Variant.TINK);

  static {
    try {
      SignatureConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError("Tink signatures are not available in this runtime: " + e);
    }
  }

  private Signatures() {
  }

  /** Runs the static registration above, once. */
  static void ensureRegistered() {
    // nothing else to do: loading this class registered Tink's signature key managers
  }

  static KeysetHandle newPrivateKeyset() {
    try {
      return KeysetHandle.generateNew(PARAMETERS);
    } catch (GeneralSecurityException e) {
      throw new SealingException(Reason.SEALING_FAILED,
          "cannot generate a signing keyset (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * What is signed: the domain, the signer's name, the topic and the record's exact value bytes, each length-framed.
   * The signer and the topic are in it so that a record cannot be passed off as another principal's, nor moved to
   * another topic (another host's command topic, say).
   */
  static byte[] message(String signer, String topic, byte[] value) {
    byte[] s = signer.getBytes(StandardCharsets.UTF_8);
    byte[] t = topic.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(DOMAIN.length + 12 + s.length + t.length + value.length)
        .put(DOMAIN).putInt(s.length).put(s).putInt(t.length).put(t).putInt(value.length).put(value).array();
  }

  /** Checks that every key is an Ed25519 key with Tink's prefix, private or public as asked, and one is enabled. */
  static void requireSigningKeys(KeysetHandle keyset, boolean wantPrivate, String source) {
    boolean enabled = false;
    for (int i = 0; i < keyset.size(); i++) {
      KeysetHandle.Entry entry = keyset.getAt(i);
      Key key = entry.getKey();
      Ed25519PublicKey publicKey;
      if (key instanceof Ed25519PrivateKey privateKey) {
        if (!wantPrivate) {
          throw new SealingException(Reason.INVALID_KEYSET, "not a public signing keyset (a private one is refused"
              + " here): " + source + " holds private key material; a verifier holds only the signer's public keyset");
        }
        publicKey = privateKey.getPublicKey();
      } else if (key instanceof Ed25519PublicKey ed25519) {
        if (wantPrivate) {
          throw new SealingException(Reason.INVALID_KEYSET, "not a private signing keyset: " + source
              + " holds public keys only; signing needs the signer's private keyset");
        }
        publicKey = ed25519;
      } else {
        throw new SealingException(Reason.INVALID_KEYSET, source + " holds a key that is not an Ed25519 signing key ("
            + key.getClass().getSimpleName() + "); make keysets with io.netboxswarm.sealing.KeyGenerator");
      }
      if (publicKey.getParameters().getVariant() != Ed25519Parameters.Variant.TINK) {
        throw new SealingException(Reason.INVALID_KEYSET, source + " holds a signing key without Tink's key-id prefix;"
            + " make keysets with KeyGenerator");
      }
      enabled |= entry.getStatus().equals(KeyStatus.ENABLED);
    }
    if (!enabled) {
      throw new SealingException(Reason.INVALID_KEYSET, source + " has no enabled key");
    }
  }
}
