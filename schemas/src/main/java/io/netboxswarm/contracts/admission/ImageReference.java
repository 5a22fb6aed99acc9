package io.netboxswarm.contracts.admission;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference as Docker reads it (distribution/reference's {@code ParseNormalizedNamed}).
 *
 * <ul>
 *   <li>{@code sha256:<64 hex>} is an image id: no name, no registry, pinned.
 *   <li>Otherwise {@code name[:tag][@digest]}. The name's first component (up to the first {@code /}) is the
 *       registry when there is a {@code /} and that component contains a {@code .} or a {@code :}, is
 *       {@code localhost}, or has an upper-case letter; else the registry is {@code docker.io}, and a name with
 *       no {@code /} gets {@code library/} before it. {@code index.docker.io} is {@code docker.io}.
 * </ul>
 *
 * @param registry the registry host (with its port, if any), lower case; {@code null} for an image id
 * @param path the repository path in that registry, e.g. {@code library/busybox}; {@code null} for an image id
 * @param tag the tag, or {@code null}
 * @param digest {@code sha256:<hex>} when the reference is pinned by content (an image id or {@code name@sha256:...})
 */
public record ImageReference(String registry, String path, String tag, String digest) {

  public static final String DEFAULT_REGISTRY = "docker.io";
  private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");
  private static final Pattern PATH = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
      + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");

  /** Whether the reference names content by its digest (an image id, or {@code name@sha256:...}). */
  public boolean pinned() {
    return digest != null;
  }

  /** An image id: {@code sha256:...} with no name. */
  public boolean imageId() {
    return registry == null;
  }

  /** {@code registry/path}, e.g. {@code docker.io/library/busybox}; {@code null} for an image id. */
  public String repository() {
    return registry == null ? null : registry + "/" + path;
  }

  /**
   * Parses a reference.
   *
   * @throws IllegalArgumentException when Docker would not accept it either
   */
  public static ImageReference parse(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException("an empty image reference");
    }
    String ref = reference.strip();
    if (SHA256.matcher(ref).matches()) {
      return new ImageReference(null, null, null, ref);
    }
    String digest = null;
    int at = ref.indexOf('@');
    if (at >= 0) {
      digest = ref.substring(at + 1);
      ref = ref.substring(0, at);
      if (!SHA256.matcher(digest).matches()) {
        throw new IllegalArgumentException("digest '" + digest + "' is not sha256:<64 lower-case hex digits>");
      }
    }
    String registry = DEFAULT_REGISTRY;
    String rest = ref;
    int slash = ref.indexOf('/');
    if (slash >= 0) {
      String first = ref.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")
          || !first.equals(first.toLowerCase(Locale.ROOT))) {
        if (!REGISTRY.matcher(first).matches()) {
          throw new IllegalArgumentException("registry '" + first + "' is not a host[:port]");
        }
        registry = first.toLowerCase(Locale.ROOT);
        rest = ref.substring(slash + 1);
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0 && rest.indexOf('/', colon) < 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("tag '" + tag + "' is not a valid tag");
      }
    }
    if (registry.equals("index.docker.io")) {
      registry = DEFAULT_REGISTRY;
    }
    if (registry.equals(DEFAULT_REGISTRY) && rest.indexOf('/') < 0) {
      rest = "library/" + rest;
    }
    if (!PATH.matcher(rest).matches()) {
      throw new IllegalArgumentException("repository '" + rest + "' is not a valid name (lower-case letters,"
          + " digits, separators)");
    }
    return new ImageReference(registry, rest, tag, digest);
  }
}
