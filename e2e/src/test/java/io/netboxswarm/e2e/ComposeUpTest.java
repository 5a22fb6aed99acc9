package io.netboxswarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.testkit.docker.DockerEngines;
import io.netboxswarm.testkit.docker.Engine;
import io.netboxswarm.testkit.docker.Engines;
import io.netboxswarm.testkit.netbox.NetboxObjects.Host;
import io.netboxswarm.testkit.netbox.NetboxObjects.Swarm;
import io.netboxswarm.testkit.netbox.NetboxWebhooks;
import io.netboxswarm.testkit.netbox.Webhook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docker-compose.yml started for real on engine 1 and docker-compose.agent.yml on engine 2, as the README's section
 * says: the PKI (scripts/pki.sh, the broker's certificate naming engine 1's address) and the keysets made, the images
 * built (docker-compose.offline.yml: no registry can be reached here; the base image by scripts/base-image.sh, the
 * contexts by scripts/offline-images.sh), {@code up -d} with Kafka's mutual TLS and ACLs, the first agent driving
 * engine 1 through its socket; the second host's ACLs granted with the file's kafka-acls service, and its agent, with
 * its own certificate and keysets, reaching Kafka's external listener and the registry on engine 1's address. A
 * signed NetBox webhook creating a swarm with host 1 as manager and host 2 as worker makes engine 1 a manager and
 * engine 2 a worker of its cluster; {@code down -v} on both then leaves no container, network or volume behind.
 */
@ExtendWith(DockerEngines.class)
class ComposeUpTest {

  private static final String BASE = "netbox-swarm/jre17:local";
  private static final String PROJECT = "nbs-compose-up";
  private static final long HOST = 1;
  private static final long OTHER_HOST = 2;

  @Test
  void theStackOnOneHostAndAnAgentOnAnotherFormASwarmFromASignedWebhookAndLeaveNothingWhenDown(Engines engines)
      throws Exception {
    engines.resetSwarms();
    Engine engine = engines.engine(1);
    Engine otherEngine = engines.engine(2);
    Path project = project();
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "compose-up-");
    Path pki = dir.resolve("pki");
    Path keys = dir.resolve("keys");
    // The README's steps: the PKI (one host-<id> per agent; the broker's certificate also names the address the
    // other hosts reach it on), the keysets, the hosts' public ones in keys/hosts.
    script(project, Map.of("PKI_BROKER_SAN", "ip:" + engine.address()), "scripts/pki.sh", pki.toString(), "admin",
        "broker", "ingest", "orchestrator", "registry", "auditor", SealingContext.hostRecipient(HOST),
        SealingContext.hostRecipient(OTHER_HOST));
    KeyGenerator.generate(SealingContext.ORCHESTRATOR, keys);
    Files.createDirectories(keys.resolve("hosts"));
    for (long host : List.of(HOST, OTHER_HOST)) {
      KeyGenerator.generate(SealingContext.hostRecipient(host), keys);
      for (String file : List.of(".public.json", ".signing.public.json")) {
        Files.copy(keys.resolve(SealingContext.hostRecipient(host) + file),
            keys.resolve("hosts").resolve(SealingContext.hostRecipient(host) + file));
      }
    }
    script(project, Map.of(), "scripts/base-image.sh", engine.dockerHost(), BASE);
    script(project, Map.of(), "scripts/base-image.sh", otherEngine.dockerHost(), BASE);
    script(project, Map.of(), "scripts/offline-images.sh");

    String webhookSecret = random();
    String pkiPassword = Files.readString(pki.resolve("password")).strip();
    Map<String, String> settings = new HashMap<>(Map.of(
        "NETBOX_SWARM_PKI_DIR", pki.toString(),
        "NETBOX_SWARM_KEYS_DIR", keys.toString(),
        "NETBOX_SWARM_DOCKER_SOCKET", engine.socket(),
        "NETBOX_SWARM_PKI_PASSWORD", pkiPassword,
        "NETBOX_SWARM_INGEST_WEBHOOK_SECRET", webhookSecret,
        "NETBOX_SWARM_ADMIN_TOKEN", random(),
        "NETBOX_SWARM_AGENT_HOST_ID", String.valueOf(HOST),
        "NETBOX_SWARM_AGENT_HOST_ADDRESS", engine.address(),
        "NETBOX_SWARM_PLATFORM_ADDRESS", engine.address(),
        "BASE_IMAGE", BASE));
    // docker-compose reads the netbox profile's required settings even when that profile is off.
    settings.putAll(Map.of("NETBOX_SECRET_KEY", random() + random(), "NETBOX_SWARM_NETBOX_TOKEN", random()));
    ComposeStack stack = new ComposeStack(project, PROJECT, engine, settings, dir.resolve("compose.log"));

    // The other host: its agent alone, with its own id, certificate and keysets, reaching the platform host.
    Map<String, String> otherSettings = Map.of(
        "NETBOX_SWARM_PKI_DIR", pki.toString(),
        "NETBOX_SWARM_KEYS_DIR", keys.toString(),
        "NETBOX_SWARM_DOCKER_SOCKET", otherEngine.socket(),
        "NETBOX_SWARM_PKI_PASSWORD", pkiPassword,
        "NETBOX_SWARM_AGENT_HOST_ID", String.valueOf(OTHER_HOST),
        "NETBOX_SWARM_AGENT_HOST_ADDRESS", otherEngine.address(),
        "NETBOX_SWARM_KAFKA_BOOTSTRAP_SERVERS", engine.address() + ":9094",
        "NETBOX_SWARM_REGISTRY_URL", "http://" + engine.address() + ":8080/apis/registry/v3",
        "BASE_IMAGE", BASE);
    // These engines route nothing out of their bridge networks (--ip-forward=false --ip-masq=false), so this agent
    // shares its engine's network namespace, as a container does on a host whose Docker has no NAT.
    Path hostNetwork = dir.resolve("agent-host-network.yml");
    Files.writeString(hostNetwork, """
        services:
          host-agent:
            network_mode: host
            environment:
              NETBOX_SWARM_AGENT_METRICS_ADDRESS: 127.0.0.1
        """);
    ComposeStack otherStack = new ComposeStack(project, List.of(project.resolve("docker-compose.agent.yml"),
        hostNetwork), PROJECT + "-agent", otherEngine, otherSettings, dir.resolve("compose-agent.log"));

    try (DockerClient docker = engine.client(); DockerClient otherDocker = otherEngine.client()) {
      Set<String> volumesBefore = volumes(docker);
      Set<String> otherVolumesBefore = volumes(otherDocker);
      Set<String> networksBefore = networks(docker);
      Set<String> otherNetworksBefore = networks(otherDocker);
      long buildStart = System.nanoTime();
      stack.compose("build");
      otherStack.compose("build");
      System.out.printf("[compose-up] images built in %d s%n", Duration.ofNanos(System.nanoTime() - buildStart)
          .toSeconds());
      boolean passed = false;
      try {
        long upStart = System.nanoTime();
        stack.compose("up", "-d");
        String ingest = stack.address("netbox-ingest");
        String orchestrator = stack.address("swarm-orchestrator");
        stack.publish("kafka", 9094);
        stack.publish("registry", 8080);
        // The README's step for one more host: its ACLs, granted by the file's own service.
        stack.compose("run", "--rm", "-e", "NETBOX_SWARM_AGENT_HOST_ID=" + OTHER_HOST, "kafka-acls");
        otherStack.compose("up", "-d");
        waiting("the ingest ready (its producer and the registry's schemas warm)").until(() ->
            stack.curl(null, "http://" + ingest + ":9081/actuator/health/readiness") == 200);
        waiting("the orchestrator healthy").until(() ->
            stack.curl(null, "http://" + orchestrator + ":9082/actuator/health") == 200);
        System.out.printf("[compose-up] healthy %d s after up%n", Duration.ofNanos(System.nanoTime() - upStart)
            .toSeconds());

        NetboxWebhooks netbox = new NetboxWebhooks(webhookSecret, NetboxWebhooks.hostsOf(List.of(
            new Host(HOST, "docker-host-01", engine.address()),
            new Host(OTHER_HOST, "docker-host-02", otherEngine.address()))));
        Webhook created = netbox.swarmCreated(new Swarm(3, "compose-swarm", engine.address() + ":2377",
            List.of(HOST), List.of(OTHER_HOST)));
        Path body = dir.resolve("webhook.json");
        Files.write(body, created.body());
        // NetBox's request: its method, the exact bytes signed, the signature header; 202 once Kafka holds it, 503
        // (Retry-After: 5) while the broker or the registry cannot take it yet, e.g. a registry still catching up.
        List<Integer> answers = new ArrayList<>();
        await("the signed webhook taken").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(5))
            .until(() -> {
              int status = stack.curl(null, "-X", created.method(), "--data-binary", "@" + body, "-H",
                  "Content-Type: application/json", "-H", "X-Hook-Signature: " + created.signature(),
                  "http://" + ingest + ":8081/webhooks/netbox");
              answers.add(status);
              return status != 503;
            });
        assertThat(answers.get(answers.size() - 1)).as("the ingest's answers to the signed webhook: %s", answers)
            .isEqualTo(202);
        System.out.printf("[compose-up] the ingest's answers to the webhook: %s%n", answers);
        // The same body, unsigned, is refused: the webhook secret is in force.
        assertThat(stack.curl(null, "-X", created.method(), "--data-binary", "@" + body, "-H",
            "Content-Type: application/json", "http://" + ingest + ":8081/webhooks/netbox")).isEqualTo(401);

        waiting("engine 1 a swarm manager").until(() -> EngineSwarm.manager(docker));
        waiting("engine 2 a worker of engine 1's swarm: both nodes ready").until(() ->
            EngineSwarm.active(otherDocker) && !EngineSwarm.manager(otherDocker)
                && EngineSwarm.readyNodes(docker) == 2);
        System.out.printf("[compose-up] swarm of two hosts formed %d s after up%n",
            Duration.ofNanos(System.nanoTime() - upStart).toSeconds());
        passed = true;
      } finally {
        if (!passed) {
          for (ComposeStack s : List.of(stack, otherStack)) {
            try {
              s.compose("logs", "--no-color", "--tail", "150");
            } catch (AssertionError | RuntimeException noLogs) {
              // the down below matters more; its output shows what compose could not tell
            }
          }
        }
        stack.closeForwards();
        try {
          otherStack.compose("down", "-v", "--remove-orphans");
        } finally {
          stack.compose("down", "-v", "--remove-orphans");
        }
      }
      assertNothingLeft(docker, networksBefore, volumesBefore);
      assertNothingLeft(otherDocker, otherNetworksBefore, otherVolumesBefore);
      // Its private keys and key stores go with it; a failure keeps them, beside compose.log, to look into.
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    } catch (AssertionError | RuntimeException e) {
      e.addSuppressed(new AssertionError("docker-compose's output ends:\n" + stack.logTail()
          + "\n--- on the other host:\n" + otherStack.logTail()));
      throw e;
    } finally {
      stack.closeForwards();
      engines.resetSwarms();
    }
  }

  private static void assertNothingLeft(DockerClient docker, Set<String> networksBefore, Set<String> volumesBefore) {
    assertThat(docker.listContainersCmd().withShowAll(true).exec()).extracting(Container::getNames)
        .as("containers left on the engine").isEmpty();
    // The swarm's own networks (ingress, docker_gwbridge) belong to the swarm, not to the project: they go when
    // the engine leaves it.
    assertThat(networks(docker)).filteredOn(n -> !List.of("ingress", "docker_gwbridge").contains(n))
        .as("networks left").containsExactlyInAnyOrderElementsOf(networksBefore);
    assertThat(volumes(docker)).as("volumes left").isEqualTo(volumesBefore);
  }

  private static Set<String> networks(DockerClient docker) {
    return docker.listNetworksCmd().exec().stream().map(Network::getName).collect(Collectors.toSet());
  }

  private static Set<String> volumes(DockerClient docker) {
    var volumes = docker.listVolumesCmd().exec().getVolumes();
    return volumes == null ? Set.of() : volumes.stream().map(v -> v.getName()).collect(Collectors.toSet());
  }

  private static ConditionFactory waiting(String what) {
    return await(what).atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions();
  }

  private static void script(Path project, Map<String, String> env, String script, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(project.resolve(script).toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).inheritIO();
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor()).as(script).isZero();
  }

  private static String random() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static Path project() {
    return Path.of(System.getProperty("netboxswarm.project.dir", "..")).toAbsolutePath().normalize();
  }
}
