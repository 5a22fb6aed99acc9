package io.netboxswarm.orchestrator;

import io.netboxswarm.testkit.kafka.KafkaBroker;
import io.netboxswarm.testkit.netbox.NetboxApiDouble;
import io.netboxswarm.orchestrator.stream.Orchestrator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real swarm-orchestrator application, started as a user starts it (its Spring Boot main class, its settings as
 * properties), on a free port. Closing it is an orchestrator stop; starting another with the same application id
 * is its restart.
 */
final class OrchestratorRun implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** The status API's bearer token in every test. */
  static final String ADMIN_TOKEN = "orchestrator-test-admin-token-0123";
  private final ConfigurableApplicationContext context;
  private final HttpClient http = HttpClient.newHttpClient();

  private OrchestratorRun(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /**
   * Settings a test usually wants: short deadlines and backoff, so that retries show within seconds. The
   * orchestrator connects as its own principal, {@code orchestrator}, with the ACLs of its application id.
   */
  static Map<String, Object> settings(KafkaBroker broker, String registryUrl, String applicationId, Path stateDir,
      Keys keys, String netboxUrl) {
    broker.grantOrchestrator(applicationId);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("server.port", "0");
    p.put("management.server.port", "0");
    p.put("netbox-swarm.orchestrator.admin-token", ADMIN_TOKEN);
    p.put("netbox-swarm.orchestrator.bootstrap-servers", broker.bootstrapServers());
    p.putAll(broker.springKafkaProperties("orchestrator"));
    p.put("netbox-swarm.orchestrator.registry-url", registryUrl);
    p.put("netbox-swarm.orchestrator.application-id", applicationId);
    p.put("netbox-swarm.orchestrator.state-dir", stateDir.toString());
    p.put("netbox-swarm.orchestrator.keyset-file", keys.orchestratorPrivate().toString());
    p.put("netbox-swarm.orchestrator.host-keysets-dir", keys.dir.toString());
    p.put("netbox-swarm.orchestrator.commands.deadline", "20s");
    p.put("netbox-swarm.orchestrator.commands.result-grace", "2s");
    p.put("netbox-swarm.orchestrator.commands.max-attempts", "3");
    p.put("netbox-swarm.orchestrator.commands.retry-backoff", "300ms");
    p.put("netbox-swarm.orchestrator.netbox.url", netboxUrl == null ? "" : netboxUrl);
    p.put("netbox-swarm.orchestrator.netbox.token", NetboxApiDouble.TOKEN);
    p.put("logging.level.org.apache.kafka", "WARN");
    return p;
  }

  /** Starts the application and waits until its Kafka Streams instance runs. */
  static OrchestratorRun start(Map<String, Object> settings) {
    // As command-line arguments: they win over application.yml, as a user's --name=value does.
    String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
    ConfigurableApplicationContext context = new SpringApplicationBuilder(OrchestratorApplication.class).run(args);
    OrchestratorRun run = new OrchestratorRun(context);
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!run.orchestrator().running()) {
      if (System.nanoTime() > until) {
        run.close();
        throw new AssertionError("the orchestrator's stream did not reach RUNNING: " + run.orchestrator().state());
      }
      Agents.sleep(100);
    }
    return run;
  }

  Orchestrator orchestrator() {
    return context.getBean(Orchestrator.class);
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  int port() {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  int managementPort() {
    return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
  }

  /** GET on the status API (or any path of the application) with the admin token; the status code and body. */
  HttpResponse<String> get(String path) {
    return get(port(), path, "Bearer " + ADMIN_TOKEN);
  }

  /** GET on that port of this application with this Authorization header (null: none). */
  HttpResponse<String> get(int port, String path, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  JsonNode swarmStatus(long swarmId) {
    HttpResponse<String> response = get("/status/swarms/" + swarmId);
    if (response.statusCode() != 200) {
      throw new AssertionError("status of swarm " + swarmId + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  @Override
  public void close() {
    context.close();
  }
}
