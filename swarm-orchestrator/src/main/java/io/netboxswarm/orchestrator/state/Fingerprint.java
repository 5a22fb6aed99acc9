package io.netboxswarm.orchestrator.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A deterministic id for a text: how the same decision replayed gets the same command, audit and write ids. */
public final class Fingerprint {

  private Fingerprint() {
  }

  /** The text's SHA-256, in hex. */
  public static String of(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
