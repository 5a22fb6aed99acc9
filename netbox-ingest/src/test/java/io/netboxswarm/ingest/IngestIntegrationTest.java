package io.netboxswarm.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.netboxswarm.security.KafkaAcls;
import io.netboxswarm.testkit.Platform;

/**
 * The ingest application on a random port (and its actuator on another), against the test JVM's real Kafka broker
 * and Apicurio registry, with the fixtures' webhook secret, a fresh orchestrator keyset and an admin token. The
 * fixtures carry NetBox's timestamps of months ago: the webhook window is widened to years here, except where a test
 * is about it. Subclasses name their own topics, so that each reads only what it published.
 */
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {
    "netbox-swarm.ingest.webhook.max-age=3650d",
    "netbox-swarm.ingest.admin-token=" + IngestIntegrationTest.ADMIN_TOKEN})
@ExtendWith(Platform.class)
public abstract class IngestIntegrationTest {

  protected static final HttpClient HTTP = HttpClient.newHttpClient();
  protected static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

  @LocalServerPort
  protected int port;

  @LocalManagementPort
  protected int managementPort;

  @DynamicPropertySource
  static void platform(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> Platform.broker().bootstrapServers());
    // The ingest connects as its own principal; the tests' topics are named it.*.
    Platform.broker().grant(KafkaAcls.ingestTopics(PatternType.PREFIXED, "it."));
    Platform.broker().springKafkaProperties("ingest").forEach((name, value) -> registry.add(name, () -> value));
    registry.add("netbox-swarm.registry-url", () -> Platform.registry().url());
    registry.add("netbox-swarm.ingest.sealing.orchestrator-public-keyset-file",
        () -> TestKeys.orchestratorPublicKeysetFile().toString());
    registry.add("netbox-swarm.ingest.webhook.secret", () -> Fixture.SECRET);
  }

  protected URI url(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** A URL on the management port (the actuator, resync). */
  protected URI managementUrl(String path) {
    return URI.create("http://127.0.0.1:" + managementPort + path);
  }

  /** Sends {@code fixture} as NetBox does: its method, its exact bytes, its signature. */
  protected HttpResponse<String> send(Fixture fixture) {
    return send(fixture.method(), fixture.wire(), "application/json", fixture.signature());
  }

  /** Sends {@code body} signed with the fixtures' secret. */
  protected HttpResponse<String> sendSigned(String method, byte[] body) {
    return send(method, body, "application/json", Signatures.sign(body));
  }

  protected HttpResponse<String> send(String method, byte[] body, String contentType, String signature) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url("/webhooks/netbox"))
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (signature != null) {
      request.header("X-Hook-Signature", signature);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET on the management port, e.g. {@code /actuator/health}. */
  protected HttpResponse<String> getManagement(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(managementUrl(path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  protected static <V> List<ConsumerRecord<String, V>> read(String topic,
      Predicate<List<ConsumerRecord<String, V>>> done) {
    return TopicReader.read(Platform.broker().clientProperties("admin"), Platform.registry().url(), topic, done);
  }
}
