package io.netboxswarm.orchestrator.netbox;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * NetBox's REST API, as far as the write-back needs it: one JSON request, its status and body. The request goes to
 * the configured NetBox only: a path that is not a plain {@code /api/...} path under its URL is refused before any
 * connection is made, so the token never leaves for another host.
 */
public final class NetboxClient {

  public record Response(int status, String body) {
  }

  /** A write whose method or path this client refuses to send; nothing was sent. The reason never quotes a token. */
  public static final class Refused extends IllegalArgumentException {

    Refused(String reason) {
      super(reason);
    }
  }

  private static final Set<String> METHODS = Set.of("PATCH", "POST");

  private final URI base;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient http;

  /** @param token a v2 token ({@code nbt_...}, sent as Bearer) or a v1 token (sent as Token) */
  public NetboxClient(URI base, String token, Duration timeout) {
    this.base = URI.create(base.toString().replaceAll("/+$", ""));
    if (this.base.getScheme() == null || this.base.getHost() == null
        || !Set.of("http", "https").contains(this.base.getScheme().toLowerCase(Locale.ROOT))
        || this.base.getRawUserInfo() != null || this.base.getRawQuery() != null
        || this.base.getRawFragment() != null) {
      throw new IllegalArgumentException("NetBox's URL must be http(s)://host[:port][/path], without user, query"
          + " or fragment: " + base.getScheme() + "://" + base.getHost());
    }
    this.authorization = (token.startsWith("nbt_") ? "Bearer " : "Token ") + token.trim();
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * Sends one request to NetBox.
   *
   * @throws Refused when the method or path is not one this client sends (nothing was sent)
   */
  public Response send(String method, String path, String json) throws IOException, InterruptedException {
    URI target = target(method, path);
    HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout)
        .header("Authorization", authorization).header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.body());
  }

  /**
   * Where a write goes: NetBox's URL followed by the path, accepted only when the method is PATCH or POST, the path
   * is a plain relative {@code /api/...} path (letters, digits, {@code - _ . ~ /}; no {@code .} or {@code ..}
   * segment, no empty segment, no query) and the result still has NetBox's scheme, host and port.
   *
   * @throws Refused otherwise, with the reason (the path is quoted only escaped)
   */
  public URI target(String method, String path) {
    if (method == null || !METHODS.contains(method)) {
      throw new Refused("method " + quote(method) + " is not PATCH or POST");
    }
    check(path);
    URI target;
    try {
      target = new URI(base + path);
    } catch (URISyntaxException e) {
      throw new Refused("path " + quote(path) + " is not a URI path");
    }
    if (!base.getScheme().equalsIgnoreCase(target.getScheme()) || target.getHost() == null
        || !base.getHost().equalsIgnoreCase(target.getHost()) || port(base) != port(target)
        || target.getRawUserInfo() != null || target.getRawQuery() != null || target.getRawFragment() != null
        || !target.getRawPath().startsWith(nonNull(base.getRawPath()) + "/api/")
        || !target.normalize().equals(target)) {
      throw new Refused("path " + quote(path) + " leads outside NetBox's API at " + base);
    }
    return target;
  }

  /** The path alone: a relative NetBox API path, nothing that could name another host or leave /api/. */
  static void check(String path) {
    if (path == null || path.isEmpty()) {
      throw new Refused("empty path");
    }
    if (!path.startsWith("/api/")) {
      throw new Refused("path " + quote(path) + " does not start with /api/");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
          || c == '.' || c == '~' || c == '/';
      if (!plain) {
        throw new Refused("path " + quote(path) + " holds " + describe(c) + " at " + i);
      }
    }
    String[] segments = path.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.equals(".") || segment.equals("..")) {
        throw new Refused("path " + quote(path) + " holds a '" + segment + "' segment");
      }
      if (segment.isEmpty() && i < segments.length - 1) {
        throw new Refused("path " + quote(path) + " holds an empty segment");
      }
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static String describe(char c) {
    return c < 0x20 || c == 0x7f || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
  }

  /** The path for a log: at most 200 characters, anything but printable ASCII escaped. */
  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(s.length() > 200 ? "...\"" : "\"").toString();
  }

  @Override
  public String toString() {
    return "NetboxClient[" + base + ", token redacted]";
  }
}
