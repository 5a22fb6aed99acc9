package io.netboxswarm.sealing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;

import javax.crypto.KeyAgreement;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

import com.google.crypto.tink.KeysetHandle;

/**
 * The ingest and the orchestrator seal with BoringSSL's X25519 (Conscrypt is on their classpath, as on this
 * module's tests'), the agent opens with Tink's Java one: both must read each other, and Conscrypt must take over
 * nothing but what Tink asks it for by name.
 */
class NativeX25519Test {

  private static final KeysetHandle KEYS = Keysets.newPrivateKeyset();
  private static final String CONTEXT = "docker-secret:3:db_password";
  private static final byte[] SECRET = "CORRECT-HORSE-BATTERY-STAPLE".getBytes(StandardCharsets.UTF_8);

  @Test
  void sealersInstallConscryptLastWhereItIsOnTheClasspath() throws Exception {
    Sealer.forRecipient("host-3", Keysets.publicKeysetOf(KEYS));

    assertThat(NativeX25519.install()).startsWith("BoringSSL (Conscrypt ");
    Provider[] providers = Security.getProviders();
    assertThat(providers[providers.length - 1].getName()).isEqualTo("Conscrypt");
    // What Tink's X25519Conscrypt asks for by name is there...
    assertThat(KeyAgreement.getInstance("XDH", Security.getProvider("Conscrypt")).getProvider().getName())
        .isEqualTo("Conscrypt");
    // ...and every lookup that names no provider still gets the JDK's.
    assertThat(KeyAgreement.getInstance("XDH").getProvider().getName()).isEqualTo("SunEC");
    assertThat(SSLContext.getInstance("TLS").getProvider().getName()).isEqualTo("SunJSSE");
  }

  @Test
  void whatBoringSslSealsJavaOpens() {
    Sealer boring = Sealer.forRecipient("host-3", Keysets.publicKeysetOf(KEYS));
    Opener java = JavaX25519.make(() -> Opener.of("host-3", KEYS));

    assertThat(java.open(boring.seal(SECRET, CONTEXT), CONTEXT)).isEqualTo(SECRET);
  }

  @Test
  void whatJavaSealsBoringSslOpens() {
    Sealer java = JavaX25519.make(() -> Sealer.forRecipient("host-3", Keysets.publicKeysetOf(KEYS)));
    Opener boring = Opener.of("host-3", KEYS);

    assertThat(boring.open(java.seal(SECRET, CONTEXT), CONTEXT)).isEqualTo(SECRET);
  }
}
