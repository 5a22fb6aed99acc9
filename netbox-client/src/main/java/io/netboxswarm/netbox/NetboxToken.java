package io.netboxswarm.netbox;

import java.util.Objects;

/**
 * A NetBox API token and how NetBox 4.6 wants it sent: a v2 token ({@code nbt_<key>.<token>}) as
 * {@code Authorization: Bearer ...}, a v1 token as {@code Authorization: Token ...}. NetBox tells the version by
 * the {@code nbt_} prefix alone, and splits the header at whitespace, so a token holding any is refused here rather
 * than by every request. Neither {@link #toString()} nor any message shows the value.
 */
public final class NetboxToken {

  private static final String V2_PREFIX = "nbt_";

  private final String value;

  public NetboxToken(String value) {
    Objects.requireNonNull(value, "NetBox API token");
    String token = value.strip();
    if (token.isEmpty()) {
      throw new IllegalArgumentException("the NetBox API token is empty");
    }
    if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("the NetBox API token holds whitespace, a control or a non-ASCII character");
    }
    if (token.startsWith(V2_PREFIX) && token.indexOf('.') <= V2_PREFIX.length()) {
      throw new IllegalArgumentException("the NetBox API token starts as a v2 one (nbt_) but is not nbt_<key>.<token>");
    }
    this.value = token;
  }

  public boolean v2() {
    return value.startsWith(V2_PREFIX);
  }

  /** The value of the {@code Authorization} header. */
  public String authorization() {
    return (v2() ? "Bearer " : "Token ") + value;
  }

  @Override
  public String toString() {
    return "NetboxToken[" + (v2() ? "v2" : "v1") + ", redacted]";
  }
}
