package io.netboxswarm.ingest.netbox;

import java.util.Objects;

/**
 * A NetBox API token. v2 tokens ({@code nbt_<key>.<token>}) go as {@code Bearer}, v1 tokens as {@code Token}.
 * {@link #toString()} never shows it.
 */
public final class NetboxToken {

  private final String value;

  public NetboxToken(String value) {
    Objects.requireNonNull(value, "NetBox API token");
    if (value.isBlank()) {
      throw new IllegalArgumentException("the NetBox API token is empty");
    }
    this.value = value.trim();
  }

  /** The value of the {@code Authorization} header. */
  public String authorization() {
    return (value.startsWith("nbt_") ? "Bearer " : "Token ") + value;
  }

  @Override
  public String toString() {
    return "NetboxToken[" + (value.startsWith("nbt_") ? "v2" : "v1") + ", redacted]";
  }
}
