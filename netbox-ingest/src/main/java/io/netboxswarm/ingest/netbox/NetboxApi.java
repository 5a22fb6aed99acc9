package io.netboxswarm.ingest.netbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of NetBox's REST API: JSON in and out, token authentication, pages followed through their
 * {@code next} link. Error messages give method, path and status, never a body (it may echo a secret we sent).
 */
public final class NetboxApi {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI base;
  private final NetboxToken token;
  private final Duration timeout;
  private final HttpClient http;

  public NetboxApi(URI base, NetboxToken token, Duration timeout) {
    this.base = base;
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public URI base() {
    return base;
  }

  public JsonNode get(String pathAndQuery) {
    return send("GET", pathAndQuery, null);
  }

  public JsonNode post(String path, JsonNode body) {
    return send("POST", path, body);
  }

  public JsonNode patch(String path, JsonNode body) {
    return send("PATCH", path, body);
  }

  /**
   * Every object of a list endpoint ({@code count/next/previous/results}), page by page. {@code next} is followed by
   * its path and query against our base, so a NetBox behind a proxy that renders another host still works.
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
        throw new NetboxApiException("GET " + next + ": not a NetBox list page (no results)", 200, null);
      }
      results.forEach(each);
      JsonNode link = page.get("next");
      next = link == null || link.isNull() ? null : relative(link.asString());
    }
    return count;
  }

  private static String relative(String link) {
    URI uri = URI.create(link);
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private JsonNode send(String method, String pathAndQuery, JsonNode body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(timeout)
        .header("Authorization", token.authorization())
        .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new NetboxApiException(method + " " + pathAndQuery + ": NetBox not reached (" + e.getClass().getSimpleName()
          + ")", 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetboxApiException(method + " " + pathAndQuery + ": interrupted", 0, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new NetboxApiException(method + " " + pathAndQuery + ": NetBox answered " + response.statusCode(),
          response.statusCode(), null);
    }
    return response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  public static JsonMapper json() {
    return JSON;
  }
}
