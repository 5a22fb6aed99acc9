package io.netboxswarm.ingest.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.netboxswarm.ingest.IngestProperties;

/** The schema registry is up when its {@code /system/info} answers 200 within two seconds. */
@Component("schemaRegistry")
class RegistryHealthIndicator implements HealthIndicator {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final URI info;

  RegistryHealthIndicator(IngestProperties properties) {
    String base = properties.publish().registryUrl();
    this.info = URI.create((base.endsWith("/") ? base : base + "/") + "system/info");
  }

  @Override
  public Health health() {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(info).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return (response.statusCode() == 200 ? Health.up() : Health.down())
          .withDetail("status", response.statusCode()).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down().withDetail("error", "interrupted").build();
    } catch (Exception e) {
      return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
    }
  }
}
