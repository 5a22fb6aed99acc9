package io.netboxswarm.sealing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.regex.Pattern;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;

/**
 * The one hybrid scheme netbox-swarm uses: HPKE (RFC 9180) with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and
 * AES-256-GCM, with Tink's 5-byte key-id prefix: Tink's {@code DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM}
 * template. Also the rules for recipient names and context labels, and how they are bound to a value.
 */
final class Hpke {

  /** Tink's output prefix: 1 version byte and a 4-byte key id. */
  static final int PREFIX_BYTES = 5;
  /** AES-GCM tag length. */
  static final int TAG_BYTES = 16;

  static final int MAX_CONTEXT_LENGTH = 512;

  /** Recipient names end up in file names ({@link KeyGenerator}): keep them plain. */
  private static final Pattern RECIPIENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** Prefix of the HPKE context info: binds each value to this library and envelope version. */
  private static final String INFO_PREFIX = "netbox-swarm/sealing/v1";

  private static final HpkeParameters PARAMETERS;

  static {
    try {
      HybridConfig.register();
      PARAMETERS = HpkeParameters.builder()
          .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
          .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
          .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
          .setVariant(HpkeParameters.Variant.TINK)
          .build();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError("Tink HPKE is not available in this runtime: " + e);
    }
  }

  private Hpke() {
  }

  static HpkeParameters parameters() {
    return PARAMETERS;
  }

  /** A fresh private keyset (one HPKE key) for a new recipient. */
  static KeysetHandle newPrivateKeyset() {
    try {
      return KeysetHandle.generateNew(PARAMETERS);
    } catch (GeneralSecurityException e) {
      throw new SealingException(SealingException.Reason.SEALING_FAILED,
          "cannot generate an HPKE keyset (" + e.getClass().getSimpleName() + ")");
    }
  }

  static Configuration configuration() {
    try {
      return RegistryConfiguration.get();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink's registry configuration is not available", e);
    }
  }

  /** The HPKE context info of a value sealed for {@code recipient} and {@code context}. */
  static byte[] contextInfo(String recipient, String context) {
    return (INFO_PREFIX + "\n" + recipient + "\n" + context).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A 4-byte tag of recipient and context, carried in clear in the envelope so that a value opened for the wrong
   * purpose can be told from an altered one. Context labels are public ids: the tag reveals nothing else.
   */
  static byte[] contextTag(String recipient, String context) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(contextInfo(recipient, context));
      return Arrays.copyOf(digest, Envelope.TAG_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static String requireValidContext(String context) {
    if (context == null) {
      throw new NullPointerException("context");
    }
    if (!isValidContext(context)) {
      throw new IllegalArgumentException("a context must be 1-" + MAX_CONTEXT_LENGTH
          + " characters, not blank, without control characters (e.g. \"docker-secret:3:db_password\")");
    }
    return context;
  }

  static boolean isValidContext(String context) {
    return context != null && !context.isBlank() && context.length() <= MAX_CONTEXT_LENGTH
        && context.chars().noneMatch(Character::isISOControl);
  }

  static String requireValidRecipient(String recipient) {
    if (recipient == null) {
      throw new NullPointerException("recipient");
    }
    if (!isValidRecipient(recipient)) {
      throw new IllegalArgumentException("a recipient name is 1-128 letters, digits, '.', '_' or '-', starting with a"
          + " letter or digit (e.g. \"orchestrator\" or \"host-3\")");
    }
    return recipient;
  }

  static boolean isValidRecipient(String recipient) {
    return recipient != null && RECIPIENT.matcher(recipient).matches();
  }

  /** A label as it may appear in a message or a log: a label read from a topic may be hostile. */
  static String describeContext(String context) {
    return isValidContext(context) ? "'" + context + "'" : "<an invalid context label>";
  }

  static String describeRecipient(String recipient) {
    return isValidRecipient(recipient) ? recipient : "<an invalid recipient name>";
  }

  static String formatKeyId(int keyId) {
    return String.format("%08x", keyId);
  }
}
