package io.netboxswarm.sealing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.crypto.tink.KeysetHandle;

/** No type of this module prints key material, plaintext or ciphertext bytes. */
class ToStringTest {

  private static final byte[] SECRET = "SUPER-SECRET-VALUE-THAT-MUST-NEVER-BE-PRINTED-0123456789"
      .getBytes(StandardCharsets.UTF_8);

  @Test
  void everyTypePrintsLabelsOnly() {
    KeysetHandle keys = Keysets.newPrivateKeyset();
    Sealer sealer = Sealer.forRecipient("orchestrator", Keysets.publicKeysetOf(keys));
    Opener opener = Opener.of("orchestrator", keys);
    SealedValue sealed = sealer.seal(SECRET, "netbox-secret:42");
    Plaintext plaintext = opener.openPlaintext(sealed, "netbox-secret:42");
    SealingException failure = failureOf(() -> opener.open(sealed, "netbox-secret:43"));

    List<String> printed = new ArrayList<>();
    for (Object each : List.of(sealer, opener, sealed, plaintext, failure, new Keysets(name -> null))) {
      printed.add(String.valueOf(each));
    }
    plaintext.close();
    printed.add(plaintext.toString());

    for (String text : printed) {
      Leaks.assertShowsNothingOf(text, SECRET, sealed.ciphertext());
      Leaks.assertShowsNothingOf(text, Leaks.keyMaterial(keys));
      assertThat(text).doesNotContain("SUPER-SECRET", Keysets.toPublicJson(keys));
    }
    String keyId = Keysets.primaryKeyId(keys);
    assertThat(sealer.toString()).isEqualTo("Sealer[recipient=orchestrator, key=" + keyId + "]");
    assertThat(opener.toString()).isEqualTo("Opener[recipient=orchestrator, keys=[" + keyId + "]]");
    assertThat(sealed.toString()).isEqualTo("SealedValue[recipient=orchestrator, " + sealed.length() + " bytes]");
    assertThat(printed).contains("Plaintext[redacted]", "Plaintext[closed]");
    assertThat(failure.toString()).contains("SealingException", "another purpose");
  }

  private static SealingException failureOf(Runnable action) {
    try {
      action.run();
    } catch (SealingException e) {
      return e;
    }
    throw new AssertionError("expected a SealingException");
  }
}
