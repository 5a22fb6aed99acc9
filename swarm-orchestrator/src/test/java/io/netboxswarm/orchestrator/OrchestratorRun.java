package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.orchestrator.stream.Orchestrator;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import io.netboxswarm.testkit.netbox.NetboxApiDouble;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real swarm-orchestrator application, started as a user starts it (its Spring Boot main class, its settings as
 * environment variables, {@code NETBOX_SWARM_*}, or as {@code --name=value} arguments), on a free port. Closing it is an orchestrator stop; starting another with the same application id
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
   * Settings a test usually wants, as the environment variables an operator sets: short deadlines and backoff, so
   * that retries show within seconds. The orchestrator connects as its own principal, {@code orchestrator}, with the
   * ACLs of its application id. A test may add a property ({@code netbox-swarm.orchestrator.…}): it wins, as a
   * command-line argument wins over the environment.
   */
  static Map<String, Object> settings(KafkaBroker broker, String registryUrl, String applicationId, Path stateDir,
      Keys keys, String netboxUrl) {
    broker.grantOrchestrator(applicationId);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("NETBOX_SWARM_ORCHESTRATOR_PORT", "0");
    p.put("NETBOX_SWARM_ORCHESTRATOR_MANAGEMENT_PORT", "0");
    p.put("NETBOX_SWARM_ADMIN_TOKEN", ADMIN_TOKEN);
    p.putAll(broker.kafkaVariables("orchestrator"));
    p.put("NETBOX_SWARM_REGISTRY_URL", registryUrl);
    p.put("NETBOX_SWARM_ORCHESTRATOR_APPLICATION_ID", applicationId);
    p.put("NETBOX_SWARM_ORCHESTRATOR_STATE_DIR", stateDir.toString());
    p.put("NETBOX_SWARM_ORCHESTRATOR_KEYSET_FILE", keys.orchestratorPrivate().toString());
    p.put("NETBOX_SWARM_ORCHESTRATOR_HOST_KEYSETS_DIR", keys.dir.toString());
    p.put("NETBOX_SWARM_ORCHESTRATOR_COMMANDS_DEADLINE", "20s");
    p.put("NETBOX_SWARM_ORCHESTRATOR_COMMANDS_RESULT_GRACE", "2s");
    p.put("NETBOX_SWARM_ORCHESTRATOR_COMMANDS_MAX_ATTEMPTS", "3");
    p.put("NETBOX_SWARM_ORCHESTRATOR_COMMANDS_RETRY_BACKOFF", "300ms");
    p.put("NETBOX_SWARM_ORCHESTRATOR_NETBOX_URL", netboxUrl == null ? "" : netboxUrl);
    p.put("NETBOX_SWARM_ORCHESTRATOR_NETBOX_TOKEN", NetboxApiDouble.TOKEN);
    p.put("logging.level.org.apache.kafka", "WARN");
    return p;
  }

  /** Starts the application and waits until its Kafka Streams instance runs. */
  static OrchestratorRun start(Map<String, Object> settings) {
    // NETBOX_SWARM_* as the process environment; the rest as command-line arguments, which win over application.yml
    // and the environment, as a user's --name=value does.
    Map<String, Object> variables = new java.util.HashMap<>(System.getenv());
    settings.forEach((name, value) -> {
      if (name.startsWith("NETBOX_SWARM_")) {
        variables.put(name, value);
      }
    });
    String[] args = settings.entrySet().stream().filter(e -> !e.getKey().startsWith("NETBOX_SWARM_"))
        .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    ConfigurableApplicationContext context = new SpringApplicationBuilder(OrchestratorApplication.class)
        .environment(environment).run(args);
    OrchestratorRun run = new OrchestratorRun(context);
    try {
      Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> assertThat(run.orchestrator().running())
              .as(() -> "the orchestrator's stream did not reach RUNNING: " + run.orchestrator().state()).isTrue());
    } catch (AssertionError | RuntimeException e) {
      run.close();
      throw e;
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
