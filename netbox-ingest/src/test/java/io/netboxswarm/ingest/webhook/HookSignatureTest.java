package io.netboxswarm.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.netboxswarm.ingest.Fixture;

class HookSignatureTest {

  final HookSignature signature = new HookSignature(Fixture.SECRET);

  @Test
  void acceptsWhatNetboxSignedForEveryFixture() {
    for (Fixture fixture : Fixture.all()) {
      assertThat(signature.matches(fixture.wire(), fixture.signature())).as(fixture.name()).isTrue();
      assertThat(signature.hex(fixture.wire())).isEqualTo(fixture.signature());
    }
  }

  @Test
  void refusesAnyOtherBodySecretOrHeader() {
    Fixture fixture = Fixture.named("swarm_created");
    byte[] tampered = fixture.wire().clone();
    tampered[tampered.length / 2] ^= 1;
    assertThat(signature.matches(tampered, fixture.signature())).isFalse();
    assertThat(new HookSignature("another-secret").matches(fixture.wire(), fixture.signature())).isFalse();
    assertThat(signature.matches(fixture.wire(), fixture.signature().substring(2))).isFalse();
    assertThat(signature.matches(fixture.wire(), "zz" + fixture.signature().substring(2))).isFalse();
    assertThat(signature.matches(fixture.wire(), null)).isFalse();
    assertThat(signature.matches(fixture.wire(), fixture.signature().toUpperCase())).isTrue();
  }
}
