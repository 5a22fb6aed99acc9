package io.netboxswarm.netbox;

import io.netboxswarm.netbox.NetboxApiException.Failure;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * NetBox's REST API as netbox-swarm uses it: JSON in and out, the {@link NetboxToken}, list pages followed through
 * their {@code next} link, and failures as a {@link NetboxApiException} that says whether they may pass. A request
 * goes to the configured NetBox only: anything but a plain {@code /api/...} path under its URL is refused before a
 * connection is made, so the token never leaves for another host, and redirects are not followed. Connection and
 * request both time out after the configured time; TLS is the JDK's, with its trust store.
 */
public final class NetboxApi {

  /** What netbox-swarm asks of NetBox: reads, creations, partial updates; never PUT or DELETE. */
  public enum Method { GET, POST, PATCH }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI base;
  private final NetboxToken token;
  private final Duration timeout;
  private final HttpClient http;

  /** @param base NetBox's URL, {@code http(s)://host[:port][/path]} */
  public NetboxApi(URI base, NetboxToken token, Duration timeout) {
    this.base = URI.create(base.toString().replaceAll("/+$", ""));
    if (this.base.getScheme() == null || this.base.getHost() == null
        || !Set.of("http", "https").contains(this.base.getScheme().toLowerCase(Locale.ROOT))
        || this.base.getRawUserInfo() != null || this.base.getRawQuery() != null
        || this.base.getRawFragment() != null) {
      throw new IllegalArgumentException("NetBox's URL must be http(s)://host[:port][/path], without user, query"
          + " or fragment: " + base.getScheme() + "://" + base.getHost());
    }
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public JsonNode get(String pathAndQuery) {
    return parse(Method.GET, pathAndQuery, send(Method.GET, pathAndQuery, null));
  }

  public JsonNode post(String path, JsonNode body) {
    return parse(Method.POST, path, send(Method.POST, path, JSON.writeValueAsBytes(body)));
  }

  public JsonNode patch(String path, JsonNode body) {
    return parse(Method.PATCH, path, send(Method.PATCH, path, JSON.writeValueAsBytes(body)));
  }

  /**
   * Sends a write as a record carries it: its method (POST or PATCH), its path and its JSON text. NetBox's answer
   * is not read.
   */
  public void write(String method, String path, String json) {
    send(writeMethod(method, path), path, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Where {@link #write} would send this.
   *
   * @throws NetboxApiException {@link Failure#NOT_SENT} when it would not, with the reason
   */
  public URI writeTarget(String method, String path) {
    return target(writeMethod(method, path), path);
  }

  /**
   * Every object of a list endpoint ({@code count/next/previous/results}), page by page. {@code next} is followed by
   * its path and query against our URL, so a NetBox behind a proxy that renders another host still works.
   *
   * @return the {@code count} of the first page (how many objects NetBox had when the listing began), -1 without one
   */
  public int forEachObject(String pathAndQuery, Consumer<JsonNode> each) {
    String next = pathAndQuery;
    int count = -2;
    while (next != null) {
      JsonNode page = get(next);
      if (count == -2) {
        count = page.path("count").isIntegralNumber() ? page.path("count").intValue() : -1;
      }
      JsonNode results = page.get("results");
      if (results == null || !results.isArray()) {
        throw NetboxApiException.unexpected("GET " + next + ": not a NetBox list page (no results)");
      }
      results.forEach(each);
      JsonNode link = page.get("next");
      next = link == null || link.isNull() ? null : relative(link.asString());
    }
    return count;
  }

  /** The path and query of a {@code next} link, without the part of our URL's path NetBox may have rendered. */
  private String relative(String link) {
    URI uri;
    try {
      uri = new URI(link);
    } catch (URISyntaxException e) {
      throw NetboxApiException.unexpected("NetBox's next page link is not a URI: " + quote(link));
    }
    String path = nonNull(uri.getRawPath());
    String prefix = nonNull(base.getRawPath());
    if (!prefix.isEmpty() && path.startsWith(prefix + "/api/")) {
      path = path.substring(prefix.length());
    }
    return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /**
   * NetBox's URL followed by the path, accepted only when the path is a plain relative {@code /api/...} path
   * (letters, digits, {@code - _ . ~ /}; no {@code .} or {@code ..} segment, no empty segment), its query (GET only)
   * is plain too, and the result still has NetBox's scheme, host and port.
   */
  URI target(Method method, String pathAndQuery) {
    if (pathAndQuery == null) {
      throw notSent(method, null, "no path");
    }
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String refusal = pathRefusal(path);
    if (refusal == null && q >= 0) {
      refusal = method != Method.GET ? "a write takes no query" : queryRefusal(pathAndQuery.substring(q + 1));
    }
    if (refusal != null) {
      throw notSent(method, pathAndQuery, refusal);
    }
    URI target;
    try {
      target = new URI(base + pathAndQuery);
    } catch (URISyntaxException e) {
      throw notSent(method, pathAndQuery, "it is not a URI path");
    }
    if (!base.getScheme().equalsIgnoreCase(target.getScheme()) || target.getHost() == null
        || !base.getHost().equalsIgnoreCase(target.getHost()) || port(base) != port(target)
        || target.getRawUserInfo() != null || target.getRawFragment() != null
        || !target.getRawPath().startsWith(nonNull(base.getRawPath()) + "/api/")
        || !target.normalize().equals(target)) {
      throw notSent(method, pathAndQuery, "it leads outside NetBox's API at " + base);
    }
    return target;
  }

  private static String pathRefusal(String path) {
    if (path.isEmpty()) {
      return "empty path";
    }
    if (!path.startsWith("/api/")) {
      return "it does not start with /api/";
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (!(unreserved(c) || c == '/')) {
        return "it holds " + describe(c) + " at " + i;
      }
    }
    String[] segments = path.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].equals(".") || segments[i].equals("..")) {
        return "it holds a '" + segments[i] + "' segment";
      }
      if (segments[i].isEmpty() && i < segments.length - 1) {
        return "it holds an empty segment";
      }
    }
    return null;
  }

  /** A query of encoded filters as {@code URLEncoder} and NetBox's next links make them: {@code limit=2&name=a+b}. */
  private static String queryRefusal(String query) {
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (!(unreserved(c) || "%=&+,*".indexOf(c) >= 0)) {
        return "its query holds " + describe(c);
      }
    }
    return null;
  }

  private static boolean unreserved(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
        || c == '~';
  }

  private static Method writeMethod(String method, String path) {
    return switch (method == null ? "" : method) {
      case "POST" -> Method.POST;
      case "PATCH" -> Method.PATCH;
      default -> throw new NetboxApiException(Failure.NOT_SENT, quote(method) + " " + quote(path)
          + ": not sent, a write is a PATCH or a POST", 0, null, null);
    };
  }

  private byte[] send(Method method, String pathAndQuery, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(target(method, pathAndQuery)).timeout(timeout)
        .header("Authorization", token.authorization()).header("Accept", "application/json");
    if (body == null) {
      request.method(method.name(), HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method.name(), HttpRequest.BodyPublishers.ofByteArray(body));
    }
    // The path was checked above: plain ASCII, safe in a message as it is.
    String what = method + " " + pathAndQuery;
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new NetboxApiException(Failure.UNREACHABLE, what + ": NetBox not reached ("
          + e.getClass().getSimpleName() + ")", 0, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetboxApiException(Failure.UNREACHABLE, what + ": interrupted", 0, null, e);
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      throw new NetboxApiException(Failure.of(status), what + ": NetBox answered " + status, status,
          new String(response.body(), StandardCharsets.UTF_8), null);
    }
    return response.body();
  }

  private static JsonNode parse(Method method, String pathAndQuery, byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      throw NetboxApiException.unexpected(method + " " + pathAndQuery + ": NetBox's answer is not JSON");
    }
  }

  private static NetboxApiException notSent(Method method, String pathAndQuery, String reason) {
    return new NetboxApiException(Failure.NOT_SENT, method + " " + quote(pathAndQuery) + ": not sent, " + reason,
        0, null, null);
  }

  /** The Jackson mapper requests and answers go through, for callers that build request bodies. */
  public static JsonMapper json() {
    return JSON;
  }

  /** A value from outside for a log or a message: at most 200 characters, anything but printable ASCII escaped. */
  public static String quote(String s) {
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

  private static String describe(char c) {
    return c < 0x20 || c == 0x7f || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
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

  @Override
  public String toString() {
    return "NetboxApi[" + base + ", " + token + "]";
  }
}
