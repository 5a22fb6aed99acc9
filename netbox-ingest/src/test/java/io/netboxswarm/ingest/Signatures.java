package io.netboxswarm.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs a body as NetBox does (hex HMAC-SHA512), independently of the code under test. */
public final class Signatures {

  private Signatures() {
  }

  public static String sign(byte[] body) {
    return sign(body, Fixture.SECRET);
  }

  public static String sign(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA512");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
