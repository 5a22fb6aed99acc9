package io.netboxswarm.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.PredefinedHybridParameters;

import io.netboxswarm.sealing.SealingException.Reason;

/** Loading keysets from files and from an injected environment, and every way a keyset is refused. */
class KeysetsTest {

  private static final byte[] SECRET = "a docker secret sealed with loaded keysets".getBytes(StandardCharsets.UTF_8);
  private static final KeysetHandle KEYS = Keysets.newPrivateKeyset();
  private static final String PRIVATE_JSON = Keysets.toPrivateJson(KEYS);
  private static final String PUBLIC_JSON = Keysets.toPublicJson(KEYS);

  @TempDir
  Path dir;

  private final Map<String, String> env = new HashMap<>();
  private final Keysets keysets = new Keysets(env::get);

  @Test
  void loadsFromFiles() throws Exception {
    Path privateFile = Files.writeString(dir.resolve("host-3.private.json"), PRIVATE_JSON);
    Path publicFile = Files.writeString(dir.resolve("host-3.public.json"), PUBLIC_JSON);

    assertSealsAndOpens(keysets.publicKeyset(publicFile, "IGNORED"), keysets.privateKeyset(privateFile, "IGNORED"));
  }

  @Test
  void loadsFromEnvironmentVariables() {
    env.put("NETBOX_SWARM_AGENT_KEYSET", PRIVATE_JSON);
    env.put("NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET", PUBLIC_JSON);

    assertSealsAndOpens(keysets.publicKeyset(null, "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET"),
        keysets.privateKeyset(null, "NETBOX_SWARM_AGENT_KEYSET"));
  }

  @Test
  void derivesThePublicKeysetFromThePrivateOne() {
    KeysetHandle derived = Keysets.publicKeysetOf(KEYS);

    assertThat(Keysets.toPublicJson(derived)).isEqualTo(PUBLIC_JSON).doesNotContain("PrivateKey");
    assertThat(Keysets.primaryKeyId(derived)).isEqualTo(Keysets.primaryKeyId(KEYS));
    assertSealsAndOpens(derived, KEYS);
  }

  @Test
  void saysWhatIsMissing() {
    SealingException unset = catchThrowableOfType(SealingException.class,
        () -> keysets.privateKeyset(null, "NETBOX_SWARM_AGENT_KEYSET"));
    SealingException nothing = catchThrowableOfType(SealingException.class, () -> keysets.privateKeyset(null, null));
    Path missing = dir.resolve("nowhere.json");
    SealingException noFile = catchThrowableOfType(SealingException.class, () -> keysets.publicKeyset(missing, null));

    assertThat(unset.reason()).isEqualTo(Reason.KEYSET_UNAVAILABLE);
    assertThat(unset).hasMessage("no keyset: environment variable NETBOX_SWARM_AGENT_KEYSET is not set");
    assertThat(nothing.reason()).isEqualTo(Reason.KEYSET_UNAVAILABLE);
    assertThat(noFile.reason()).isEqualTo(Reason.KEYSET_UNAVAILABLE);
    assertThat(noFile).hasMessage("cannot read keyset file " + missing + ": it does not exist");
  }

  @Test
  void refusesMalformedKeysetsWithoutQuotingThem() {
    env.put("CUT", PRIVATE_JSON.substring(0, PRIVATE_JSON.length() / 2));
    env.put("NOT_JSON", "not a keyset " + PRIVATE_JSON.substring(PRIVATE_JSON.indexOf("value")));

    for (String variable : new String[] {"CUT", "NOT_JSON"}) {
      SealingException e = catchThrowableOfType(SealingException.class, () -> keysets.privateKeyset(null, variable));

      assertThat(e.reason()).isEqualTo(Reason.INVALID_KEYSET);
      assertThat(e).hasMessage("not a Tink private keyset: environment variable " + variable
          + " is not a keyset in Tink's JSON format").hasNoCause();
      Leaks.assertShowsNothingOf(e.getMessage(), Leaks.keyMaterial(KEYS));
    }
  }

  @Test
  void refusesAPrivateKeysetWhereAPublicOneIsExpected() throws Exception {
    Path privateFile = Files.writeString(dir.resolve("host-3.private.json"), PRIVATE_JSON);

    SealingException e = catchThrowableOfType(SealingException.class, () -> keysets.publicKeyset(privateFile, null));

    assertThat(e.reason()).isEqualTo(Reason.INVALID_KEYSET);
    assertThat(e.getMessage()).startsWith("not a Tink public keyset (a private one is refused here): file "
        + privateFile).contains("private key material");
    Leaks.assertShowsNothingOf(e.getMessage(), Leaks.keyMaterial(KEYS));
  }

  @Test
  void refusesAPublicKeysetWhereAPrivateOneIsExpected() {
    env.put("NETBOX_SWARM_AGENT_KEYSET", PUBLIC_JSON);

    SealingException e = catchThrowableOfType(SealingException.class,
        () -> keysets.privateKeyset(null, "NETBOX_SWARM_AGENT_KEYSET"));

    assertThat(e.reason()).isEqualTo(Reason.INVALID_KEYSET);
    assertThat(e).hasMessage("not a Tink private keyset: environment variable NETBOX_SWARM_AGENT_KEYSET holds public"
        + " keys only; opening needs the recipient's private keyset");
  }

  @Test
  void refusesKeysetsThatAreNotHpke() throws Exception {
    KeysetHandle ecies = KeysetHandle.generateNew(PredefinedHybridParameters.ECIES_P256_HKDF_HMAC_SHA256_AES128_GCM);
    env.put("ECIES", TinkJsonProtoKeysetFormat.serializeKeyset(ecies, InsecureSecretKeyAccess.get()));
    env.put("ECIES_PUBLIC", TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(ecies.getPublicKeysetHandle()));

    for (Runnable load : new Runnable[] {() -> keysets.privateKeyset(null, "ECIES"),
        () -> keysets.publicKeyset(null, "ECIES_PUBLIC")}) {
      SealingException e = catchThrowableOfType(SealingException.class, load::run);
      assertThat(e.reason()).isEqualTo(Reason.INVALID_KEYSET);
      assertThat(e.getMessage()).contains("not an HPKE key");
    }
  }

  private static void assertSealsAndOpens(KeysetHandle publicKeyset, KeysetHandle privateKeyset) {
    SealedValue sealed = Sealer.forRecipient("host-3", publicKeyset).seal(SECRET, "netbox-secret:1");
    assertThat(Opener.of("host-3", privateKeyset).open(sealed, "netbox-secret:1")).isEqualTo(SECRET);
  }
}
