package io.netboxswarm.orchestrator.netbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** NetBox's REST API, as far as the write-back needs it: one JSON request, its status and body. */
public final class NetboxClient {

  public record Response(int status, String body) {
  }

  private final URI base;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient http;

  /** @param token a v2 token ({@code nbt_...}, sent as Bearer) or a v1 token (sent as Token) */
  public NetboxClient(URI base, String token, Duration timeout) {
    this.base = URI.create(base.toString().replaceAll("/+$", ""));
    this.authorization = (token.startsWith("nbt_") ? "Bearer " : "Token ") + token.trim();
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public Response send(String method, String path, String json) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
        .header("Authorization", authorization).header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.body());
  }

  @Override
  public String toString() {
    return "NetboxClient[" + base + ", token redacted]";
  }
}
