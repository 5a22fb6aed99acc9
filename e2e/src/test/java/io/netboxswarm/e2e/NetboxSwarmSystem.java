package io.netboxswarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.testkit.FreePorts;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.docker.Engine;
import io.netboxswarm.testkit.docker.Engines;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import io.netboxswarm.testkit.netbox.NetboxApiDouble;
import io.netboxswarm.testkit.netbox.NetboxObjects.Host;
import io.netboxswarm.testkit.netbox.NetboxWebhooks;
import io.netboxswarm.testkit.netbox.Webhook;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * netbox-swarm as its users run it, on this machine: a real Kafka broker and Apicurio registry, the shipped
 * netbox-ingest and swarm-orchestrator jars as processes, one shipped host-agent process per real engine, keysets
 * made by the project's key generator, and NetBox's REST API double (NetBox itself cannot run here). NetBox Host
 * {@code i} is engine {@code i}; host 4 has no engine.
 */
final class NetboxSwarmSystem implements AutoCloseable {

  static final String WEBHOOK_SECRET = "e2e-" + UUID.randomUUID();
  /** The bearer token of the orchestrator's status API and the ingest's resync. */
  static final String ADMIN_TOKEN = "e2e-admin-" + UUID.randomUUID();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final Engines engines;
  final KafkaBroker broker;
  final String registryUrl;
  final NetboxApiDouble netbox;
  final List<Host> hosts = new ArrayList<>();
  final NetboxWebhooks webhooks;
  final Path dir;
  final Path logs;
  private final int ingestPort;
  private final int orchestratorPort;
  private final int ingestManagementPort;
  private final int orchestratorManagementPort;
  private final JavaProcess ingest;
  private JavaProcess orchestrator;
  private final List<JavaProcess> agents = new ArrayList<>();

  NetboxSwarmSystem(Engines engines) throws IOException {
    this(engines, KafkaBroker.start(), Platform.registry().url(), Path.of("target", "e2e-logs").toAbsolutePath());
  }

  /** On a broker and registry of the caller's (which this system closes with itself), logging under {@code logs}. */
  NetboxSwarmSystem(Engines engines, KafkaBroker broker, String registryUrl, Path logs) throws IOException {
    this.engines = engines;
    this.dir = Files.createTempDirectory("netbox-swarm-e2e");
    this.logs = logs;
    this.broker = broker;
    this.registryUrl = registryUrl;
    this.netbox = new NetboxApiDouble();
    for (Engine engine : engines.all()) {
      hosts.add(new Host(engine.index(), "docker-host-0" + engine.index(), engine.address()));
    }
    hosts.add(new Host(4, "docker-host-04", "192.0.2.4"));
    this.webhooks = new NetboxWebhooks(WEBHOOK_SECRET, NetboxWebhooks.hostsOf(hosts));

    Path keys = Files.createDirectories(dir.resolve("keys"));
    KeyGenerator.generate(SealingContext.ORCHESTRATOR, keys);
    for (Engine engine : engines.all()) {
      KeyGenerator.generate(SealingContext.hostRecipient(engine.index()), keys);
    }
    // The components' four, then one per agent for its metrics (each on 9083 by default: one would serve, the rest
    // log that the port is taken). All at once: taken one at a time, two could be the same (chaos seed 437300: the
    // ingest refused to start, its management port being its server port).
    int[] ports = FreePorts.take(4 + engines.all().size());
    ingestPort = ports[0];
    orchestratorPort = ports[1];
    ingestManagementPort = ports[2];
    orchestratorManagementPort = ports[3];
    ingest = new JavaProcess("netbox-ingest", JavaProcess.jar("netbox-ingest", "netbox-ingest-*[0-9T].jar"),
        List.of("-XX:+UseSerialGC", "-Xmx256m"),
        List.of("--server.address=127.0.0.1"),
        withKafkaSettings("ingest", Map.of("NETBOX_SWARM_REGISTRY_URL", registryUrl,
            "NETBOX_SWARM_INGEST_PORT", String.valueOf(ingestPort),
            "NETBOX_SWARM_INGEST_MANAGEMENT_PORT", String.valueOf(ingestManagementPort),
            "NETBOX_SWARM_INGEST_WEBHOOK_SECRET", WEBHOOK_SECRET,
            "NETBOX_SWARM_NETBOX_URL", netbox.url(), "NETBOX_SWARM_NETBOX_TOKEN", NetboxApiDouble.TOKEN,
            "NETBOX_SWARM_ADMIN_TOKEN", ADMIN_TOKEN,
            "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE", keys.resolve("orchestrator.public.json").toString())),
        logs);
    for (Engine engine : engines.all()) {
      long host = engine.index();
      Path agentJar = JavaProcess.jar("host-agent", "host-agent.jar");
      agents.add(new JavaProcess("host-agent-" + host, agentJar,
          List.of("@" + Path.of(System.getProperty("netboxswarm.project.dir", ".."), "host-agent",
              "agent.jvm-flags"), "-XX:SharedArchiveFile=" + agentJar.resolveSibling("host-agent.jsa")),
          List.of(),
          // NETBOX_SWARM_KAFKA_* (the broker, this agent's key store, CN=host-<id>), its ACLs granted.
          broker.agentSettings(host, Map.of("NETBOX_SWARM_AGENT_HOST_ID", String.valueOf(host),
              "NETBOX_SWARM_REGISTRY_URL", registryUrl, "DOCKER_HOST", engine.dockerHost(),
              "NETBOX_SWARM_AGENT_KEYSET_FILE", keys.resolve("host-" + host + ".private.json").toString(),
              "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE", keys.resolve("orchestrator.public.json").toString(),
              "NETBOX_SWARM_AGENT_HEARTBEAT_INTERVAL", "2s",
              "NETBOX_SWARM_AGENT_STATE_DIR", Files.createDirectories(dir.resolve("agent-" + host)).toString(),
              "NETBOX_SWARM_AGENT_HOST_ADDRESS", engine.address(),
              "NETBOX_SWARM_AGENT_METRICS_PORT", String.valueOf(ports[3 + (int) host]))),
          logs));
    }
    orchestrator = orchestratorProcess(keys, dir.resolve("orchestrator-state"));
  }

  private JavaProcess orchestratorProcess(Path keys, Path stateDir) {
    return new JavaProcess("swarm-orchestrator",
        JavaProcess.jar("swarm-orchestrator", "swarm-orchestrator-*[0-9T].jar"),
        List.of("-XX:+UseSerialGC", "-Xmx384m"),
        List.of("--server.address=127.0.0.1"),
        withKafkaSettings("orchestrator", Map.of("NETBOX_SWARM_REGISTRY_URL", registryUrl,
            "NETBOX_SWARM_ORCHESTRATOR_PORT", String.valueOf(orchestratorPort),
            "NETBOX_SWARM_ORCHESTRATOR_MANAGEMENT_PORT", String.valueOf(orchestratorManagementPort),
            "NETBOX_SWARM_ORCHESTRATOR_KEYSET_FILE", keys.resolve("orchestrator.private.json").toString(),
            "NETBOX_SWARM_ORCHESTRATOR_HOST_KEYSETS_DIR", keys.toString(),
            "NETBOX_SWARM_ORCHESTRATOR_STATE_DIR", stateDir.toString(),
            "NETBOX_SWARM_NETBOX_URL", netbox.url(), "NETBOX_SWARM_NETBOX_TOKEN", NetboxApiDouble.TOKEN,
            "NETBOX_SWARM_ADMIN_TOKEN", ADMIN_TOKEN)),
        logs);
  }

  /**
   * A Spring Boot application's environment completed by its Kafka principal's settings, as a user sets them, with
   * the agents' names: {@code NETBOX_SWARM_KAFKA_BOOTSTRAP_SERVERS}, {@code NETBOX_SWARM_KAFKA_SECURITY_PROTOCOL},
   * {@code NETBOX_SWARM_KAFKA_SSL_KEYSTORE_LOCATION}, ...
   */
  private Map<String, String> withKafkaSettings(String principal, Map<String, String> environment) {
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.putAll(broker.kafkaVariables(principal));
    return env;
  }

  NetboxSwarmSystem start() {
    // The orchestrator first: it makes the topics, which the ingest's first webhook then finds. (Started together
    // instead, the two took as long: on 2 cores their starts are CPU-bound.)
    orchestrator.start().awaitHttp(orchestratorManagementUrl("/actuator/health"), Duration.ofSeconds(120));
    ingest.start().awaitHttp(ingestManagementUrl("/actuator/health/readiness"), Duration.ofSeconds(90));
    agents.forEach(JavaProcess::start);
    return this;
  }

  /** The orchestrator crashes (SIGKILL) and is started again on another, empty state directory. */
  void crashAndRestartOrchestrator() throws IOException {
    orchestrator.kill();
    orchestrator = orchestratorProcess(dir.resolve("keys"), Files.createDirectories(dir.resolve("orchestrator-state-2")));
    orchestrator.start().awaitHttp(orchestratorManagementUrl("/actuator/health"), Duration.ofSeconds(120));
  }

  /** The orchestrator's process: a crash is {@code kill()}, a restart on the same state {@code start()}. */
  JavaProcess orchestrator() {
    return orchestrator;
  }

  /** The programs of the system: the ingest, the orchestrator and the agents. */
  List<JavaProcess> programs() {
    List<JavaProcess> all = new ArrayList<>(List.of(ingest, orchestrator));
    all.addAll(agents);
    return all;
  }

  /** Host {@code hostId}'s agent process (host i runs on engine i). */
  JavaProcess agent(long hostId) {
    return agents.stream().filter(a -> a.toString().equals("host-agent-" + hostId)).findFirst().orElseThrow();
  }

  /** The directory of keys, agent state and orchestrator state of this system. */
  Path dir() {
    return dir;
  }

  /** NetBox fires the webhook at the ingest; the ingest answers 202 once Kafka has the event. */
  void deliver(Webhook webhook) {
    HttpResponse<String> response = webhook.send(URI.create(ingestUrl("/webhooks/netbox")));
    assertThat(response.statusCode()).as("%s: %s", webhook.description(), response.body()).isEqualTo(202);
    assertThat(response.body()).contains("published");
  }

  /** POST /actuator/resync on the ingest's management port: a snapshot of every object NetBox's API lists. */
  JsonNode resync() {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(ingestManagementUrl(
          "/actuator/resync"))).header("Authorization", "Bearer " + ADMIN_TOKEN)
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  JsonNode swarmStatus(long swarmId) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(orchestratorUrl(
          "/status/swarms/" + swarmId))).header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  List<Path> logFiles() {
    List<Path> files = new ArrayList<>(List.of(ingest.log(), orchestrator.log()));
    agents.forEach(a -> files.add(a.log()));
    return files;
  }

  String ingestUrl(String path) {
    return "http://127.0.0.1:" + ingestPort + path;
  }

  String orchestratorUrl(String path) {
    return "http://127.0.0.1:" + orchestratorPort + path;
  }

  String ingestManagementUrl(String path) {
    return "http://127.0.0.1:" + ingestManagementPort + path;
  }

  String orchestratorManagementUrl(String path) {
    return "http://127.0.0.1:" + orchestratorManagementPort + path;
  }

  @Override
  public void close() {
    agents.forEach(JavaProcess::close);
    if (orchestrator != null) {
      orchestrator.close();
    }
    ingest.close();
    netbox.close();
    broker.close();
    // Its keysets (private keys among them) and the agents' and orchestrator's state: nothing to keep after a run.
    TemporaryFiles.deleteQuietly(dir);
  }
}
