package io.netboxswarm.testkit.netbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * One webhook request as NetBox 4.6 sends it: the method of the webhook, the exact body bytes and their
 * {@code X-Hook-Signature}.
 */
public record Webhook(String description, String method, byte[] body, String signature) {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Sends it to the receiver's URL; returns the answer. */
  public HttpResponse<String> send(URI url) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header("X-Hook-Signature", signature);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("webhook '" + description + "' not delivered to " + url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String text() {
    return new String(body, StandardCharsets.US_ASCII);
  }
}
