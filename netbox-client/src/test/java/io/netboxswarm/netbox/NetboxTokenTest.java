package io.netboxswarm.netbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NetBox 4.6's token rule: the version is in the token ({@code nbt_}), the header keyword follows from it. */
@Tag("fast")
class NetboxTokenTest {

  static final String V1 = "0123456789abcdef0123456789abcdef01234567";
  static final String V2 = "nbt_Ab3dEf6hIj9k.q9XvL2mN7rT4wY8zB1cD5fG3hJ6kP0sU2aE4iO7u";

  @Test
  void aV1TokenGoesAsToken() {
    assertThat(new NetboxToken(V1).authorization()).isEqualTo("Token " + V1);
    assertThat(new NetboxToken(V1).v2()).isFalse();
  }

  @Test
  void aV2TokenGoesAsBearerWithItsKeyAndSecret() {
    assertThat(new NetboxToken(V2).authorization()).isEqualTo("Bearer " + V2);
    assertThat(new NetboxToken(V2).v2()).isTrue();
  }

  @Test
  void surroundingWhitespaceIsDroppedBeforeTheVersionIsTold() {
    // A token pasted with a space or read from a file with its newline.
    assertThat(new NetboxToken("  " + V2 + "\n").authorization()).isEqualTo("Bearer " + V2);
    assertThat(new NetboxToken(V1 + "\r\n").authorization()).isEqualTo("Token " + V1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n"})
  void anEmptyTokenIsRefusedAtStart(String token) {
    assertThatThrownBy(() -> new NetboxToken(token)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0123 4567", "nbt_Ab3d.q9X\r\nX-Forged: 1", "nbt_Ab3d.q9X\u00e9", "0123\t4567"})
  void aTokenNetboxCouldNotReadFromOneHeaderIsRefusedWithoutQuotingIt(String token) {
    assertThatThrownBy(() -> new NetboxToken(token)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("0123").hasMessageNotContaining("q9X");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nbt_", "nbt_Ab3dEf6hIj9k", "nbt_.q9XvL2mN7rT4wY8z"})
  void aV2TokenWithoutKeyAndSecretIsRefused(String token) {
    assertThatThrownBy(() -> new NetboxToken(token)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nbt_<key>.<token>").hasMessageNotContaining("Ab3d").hasMessageNotContaining("q9X");
  }

  @Test
  void itNeverShowsItsValue() {
    assertThat(new NetboxToken(V2).toString()).doesNotContain("Ab3d").doesNotContain("q9Xv").contains("v2");
    assertThat(new NetboxToken(V1).toString()).doesNotContain("0123").contains("v1");
  }
}
