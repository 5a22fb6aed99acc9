package io.netboxswarm.contracts.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.netboxswarm.sealing.RecordSigner;
import io.netboxswarm.sealing.RecordVerifier;
import io.netboxswarm.sealing.RecordVerifier.Verdict;

/**
 * Where a record's signature travels: two Kafka headers beside the value, so that the value keeps the Confluent
 * framing any auditor reads, and a reader checks the exact bytes it received before it parses one of them.
 * {@value #SIGNER} names the principal ("orchestrator", "host-3"); {@value #SIGNATURE} holds its Tink Ed25519
 * signature (key id first) over the topic and the value bytes (see {@link RecordSigner}).
 */
public final class RecordSignatures {

  public static final String SIGNER = "nbs-signer";
  public static final String SIGNATURE = "nbs-signature";

  private RecordSignatures() {
  }

  /** Signs {@code value}, written to {@code topic}, replacing any signature headers already there. */
  public static void sign(RecordSigner signer, String topic, Headers headers, byte[] value) {
    headers.remove(SIGNER);
    headers.remove(SIGNATURE);
    headers.add(SIGNER, signer.principal().getBytes(StandardCharsets.UTF_8));
    headers.add(SIGNATURE, signer.sign(topic, value));
  }

  /** The principal a record says signed it, or null; as it may be hostile, only for {@link #verify} and logs. */
  public static String signer(Headers headers) {
    Header header = headers == null ? null : headers.lastHeader(SIGNER);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Whether the record was signed by {@code expectedSigner} over these exact bytes on this topic. */
  public static Verdict verify(RecordVerifier verifier, String expectedSigner, String topic, Headers headers,
      byte[] value) {
    String signer = signer(headers);
    if (signer == null || signature(headers) == null) {
      return Verdict.UNSIGNED;
    }
    if (!signer.equals(expectedSigner)) {
      return Verdict.UNKNOWN_SIGNER;
    }
    return verifier.verify(signer, topic, value, signature(headers));
  }

  /** Whether the record was signed by the principal it names, over these exact bytes on this topic. */
  public static Verdict verifyAsNamed(RecordVerifier verifier, String topic, Headers headers, byte[] value) {
    String signer = signer(headers);
    return signer == null ? Verdict.UNSIGNED : verifier.verify(signer, topic, value, signature(headers));
  }

  /** A short digest of a record's exact value bytes: with its id, what names one signed command. */
  public static String digest(byte[] value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static byte[] signature(Headers headers) {
    Header header = headers == null ? null : headers.lastHeader(SIGNATURE);
    return header == null ? null : header.value();
  }
}
