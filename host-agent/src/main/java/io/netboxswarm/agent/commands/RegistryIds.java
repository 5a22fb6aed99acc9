package io.netboxswarm.agent.commands;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks the schema registry itself whether it knows a record's schema id, so that the agent gives a record up as
 * unreadable only on the registry's own word: the id is known (the bytes are bad) or unknown (404). Anything else
 * (no answer, a 5xx) means the registry is away for now.
 */
final class RegistryIds {

  enum Answer { KNOWN, UNKNOWN }

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String registryUrl;

  /** @param registryUrl the registry's v3 API base ({@code .../apis/registry/v3}) */
  RegistryIds(String registryUrl) {
    this.registryUrl = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
  }

  /**
   * @param contentId the id in the record's framing (the serde writes content ids)
   * @throws RegistryUnavailable when the registry does not answer, or answers neither 200 nor 404
   */
  Answer lookup(long contentId) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(registryUrl + "/ids/contentIds/" + contentId))
        .timeout(TIMEOUT).GET().build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status == 200) {
        return Answer.KNOWN;
      }
      if (status == 404) {
        return Answer.UNKNOWN;
      }
      throw new RegistryUnavailable("the registry answered " + status + " for schema id " + contentId, null);
    } catch (IOException e) {
      throw new RegistryUnavailable("the registry cannot be reached: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailable("interrupted while asking the registry", e);
    }
  }

  /** The registry could not say: try again later, never give the record up. */
  static final class RegistryUnavailable extends RuntimeException {
    RegistryUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
