// A NetBox scenario replayed against a running netbox-swarm (scripts/run-local.sh --engines 3): the signed
// webhooks NetBox 4.6 would send, step by step, each followed by the swarm as the orchestrator and the engines see
// it. Run by examples/replay-scenario.sh, which gives it the testkit's classpath and the run's settings.

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.netboxswarm.testkit.netbox.NetboxObjects.Container;
import io.netboxswarm.testkit.netbox.NetboxObjects.Host;
import io.netboxswarm.testkit.netbox.NetboxObjects.Network;
import io.netboxswarm.testkit.netbox.NetboxObjects.Secret;
import io.netboxswarm.testkit.netbox.NetboxObjects.SecretMount;
import io.netboxswarm.testkit.netbox.NetboxObjects.Swarm;
import io.netboxswarm.testkit.netbox.NetboxWebhooks;
import io.netboxswarm.testkit.netbox.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

public class ReplayScenario {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static String ingest;
  static String orchestrator;
  static String adminToken;

  public static void main(String[] args) throws Exception {
    ingest = env("INGEST_URL");
    orchestrator = env("ORCHESTRATOR_URL");
    adminToken = env("ADMIN_TOKEN");
    String image = env("SERVICE_IMAGE_ID");
    List<Host> hosts = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      hosts.add(new Host(i, "docker-host-0" + i, env("HOST_" + i + "_ADDRESS")));
    }
    NetboxWebhooks netbox = new NetboxWebhooks(env("WEBHOOK_SECRET"), NetboxWebhooks.hostsOf(hosts));
    String manager = env("HOST_1_DOCKER_HOST");

    Swarm swarm = new Swarm(5, "demo-swarm", hosts.get(0).address() + ":2377", List.of(1L), List.of());
    step("1. NetBox: Swarm 'demo-swarm' created with manager host 1", netbox.swarmCreated(swarm));
    awaitSwarm(5, s -> s.path("clusterId").isString() && s.path("members").size() == 1);
    show(5, manager);

    Swarm three = swarm.withMembers(List.of(1L, 2L), List.of(3L));
    step("2. NetBox: host 2 added as manager, host 3 as worker", netbox.swarmUpdated(swarm, three));
    awaitSwarm(5, s -> s.path("members").size() == 3 && s.path("pendingCommands").isEmpty());
    show(5, manager);

    Secret secret = new Secret(9, 5, "demo_password", "correct horse battery staple".getBytes(StandardCharsets.UTF_8));
    step("3. NetBox: Secret 'demo_password' created in the swarm", netbox.secretCreated(secret, three));
    awaitSwarm(5, s -> s.path("secrets").has("9"));
    show(5, manager);

    Network overlay = new Network(10, 3, "demo-overlay", "overlay");
    Container app = new Container(11, 3, "demo-app", image, List.of("sleep", "86400"), List.of(overlay),
        List.of(new SecretMount(9, "demo_password", "demo_password", "0", "0", 0400)), "always");
    step("4a. NetBox: overlay network 'demo-overlay' on host 3", netbox.networkCreated(overlay));
    step("4b. NetBox: container 'demo-app' on host 3, mounting the secret", netbox.containerCreated(app));
    awaitSwarm(5, s -> s.path("services").has("11"));
    awaitRunning(manager, "demo-app");
    show(5, manager);

    Swarm two = three.withMembers(List.of(1L, 2L), List.of());
    step("5. NetBox: worker host 3 removed from the swarm", netbox.swarmUpdated(three, two));
    awaitSwarm(5, s -> s.path("members").size() == 2 && s.path("pendingCommands").isEmpty());
    show(5, manager);
    System.out.println("\ndone: the swarm followed NetBox through every step");
  }

  static void step(String what, Webhook webhook) {
    HttpResponse<String> answer = webhook.send(URI.create(ingest + "/webhooks/netbox"));
    System.out.printf("%n%s%n   webhook %s %d bytes -> ingest %d %s%n", what, webhook.method(), webhook.body().length,
        answer.statusCode(), answer.body());
    if (answer.statusCode() != 202) {
      throw new IllegalStateException("the ingest refused the webhook");
    }
  }

  static void awaitSwarm(long id, Predicate<JsonNode> done) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    JsonNode status = null;
    while (System.nanoTime() < until) {
      HttpResponse<String> response = status(id);
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        throw new IllegalStateException("the status API refused the admin token: " + response.body());
      }
      if (response.statusCode() == 200) {
        status = JSON.readTree(response.body());
        if (done.test(status)) {
          return;
        }
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("swarm " + id + " did not get there: " + status);
  }

  /** GET /status/swarms/{id} with the admin token run-local.sh generated. */
  static HttpResponse<String> status(long id) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(orchestrator + "/status/swarms/" + id))
        .header("Authorization", "Bearer " + adminToken).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static DockerClient docker(String dockerHost) {
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
    var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
    return DockerClientImpl.getInstance(config, http);
  }

  /** Until the service's one task runs (its node may still be loading the image). */
  static void awaitRunning(String managerDockerHost, String service) throws Exception {
    try (DockerClient docker = docker(managerDockerHost)) {
      long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < until) {
        if (docker.listTasksCmd().withServiceFilter(service).exec().stream()
            .anyMatch(t -> t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING)) {
          return;
        }
        Thread.sleep(500);
      }
    }
    throw new IllegalStateException("service " + service + " has no running task");
  }

  static void show(long id, String managerDockerHost) throws Exception {
    JsonNode s = JSON.readTree(status(id).body());
    System.out.printf("   orchestrator: swarm %d cluster %s, members %s, secrets %s, networks %s, services %s%n",
        id, s.path("clusterId").asString(), members(s), s.path("secrets"), s.path("networks"), s.path("services"));
    try (DockerClient docker = docker(managerDockerHost)) {
      System.out.println("   docker node ls on host 1:");
      for (SwarmNode node : docker.listSwarmNodesCmd().exec()) {
        System.out.printf("     %-26s %-8s %-8s %-7s %s%n", node.getId(), node.getDescription().getHostname(),
            node.getSpec().getRole(), node.getStatus().getState(), node.getSpec().getAvailability());
      }
      docker.listServicesCmd().exec().forEach(service -> System.out.printf("   service %s: %s%n",
          service.getSpec().getName(), docker.listTasksCmd().withServiceFilter(service.getSpec().getName()).exec()
              .stream().map(t -> t.getNodeId() + " " + t.getStatus().getState()).toList()));
    }
  }

  static String members(JsonNode s) {
    List<String> out = new ArrayList<>();
    s.path("members").forEach(m -> out.add("host " + m.path("hostId").asLong() + " " + m.path("role").asString()));
    return out.toString();
  }

  static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: run scripts/run-local.sh --engines 3 first");
    }
    return value;
  }
}
