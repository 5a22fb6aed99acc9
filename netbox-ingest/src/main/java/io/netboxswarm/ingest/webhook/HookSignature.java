package io.netboxswarm.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * NetBox's {@code X-Hook-Signature}: the lowercase hex HMAC-SHA512 of the exact body bytes with the webhook's
 * secret ({@code netbox/extras/webhooks.py: generate_signature}). Compared in constant time.
 */
final class HookSignature {

  private static final String ALGORITHM = "HmacSHA512";

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  HookSignature(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** Whether {@code signatureHex} is the signature of {@code body}; false for a malformed header. */
  boolean matches(byte[] body, String signatureHex) {
    if (signatureHex == null) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signatureHex.trim().toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(sign(body), given);
  }

  /** The signature NetBox would send for {@code body}. */
  String hex(byte[] body) {
    return HexFormat.of().formatHex(sign(body));
  }

  private byte[] sign(byte[] body) {
    Mac mac = macs.get();
    return mac.doFinal(body);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA512 is not available", e);
    }
  }
}
