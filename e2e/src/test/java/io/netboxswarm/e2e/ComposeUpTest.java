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
 * docker-compose.yml started for real on engine 1, as its README section says: the PKI (scripts/pki.sh) and the
 * keysets made, the images built (docker-compose.offline.yml: no registry can be reached here; the base image by
 * scripts/base-image.sh, the contexts by scripts/offline-images.sh), {@code up -d} with Kafka's mutual TLS and
 * ACLs, the agent driving the engine through its socket. A signed NetBox webhook creating a swarm with this host as
 * manager makes the engine a swarm manager; {@code down -v} then leaves no container, network or volume behind.
 */
@ExtendWith(DockerEngines.class)
class ComposeUpTest {

  private static final String BASE = "netbox-swarm/jre17:local";
  private static final String PROJECT = "nbs-compose-up";
  private static final long HOST = 1;

  @Test
  void theStackStartsOnARealEngineFormsASwarmFromASignedWebhookAndLeavesNothingWhenDown(Engines engines)
      throws Exception {
    engines.resetSwarms();
    Engine engine = engines.engine(1);
    Path project = project();
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "compose-up-");
    Path pki = dir.resolve("pki");
    Path keys = dir.resolve("keys");
    // The README's steps: the PKI (one host-<id> per agent), the keysets, the host's public ones in keys/hosts.
    script(project, "scripts/pki.sh", pki.toString(), "admin", "broker", "ingest", "orchestrator", "registry",
        "auditor", SealingContext.hostRecipient(HOST));
    KeyGenerator.generate(SealingContext.ORCHESTRATOR, keys);
    KeyGenerator.generate(SealingContext.hostRecipient(HOST), keys);
    Files.createDirectories(keys.resolve("hosts"));
    for (String file : List.of(".public.json", ".signing.public.json")) {
      Files.copy(keys.resolve(SealingContext.hostRecipient(HOST) + file),
          keys.resolve("hosts").resolve(SealingContext.hostRecipient(HOST) + file));
    }
    script(project, "scripts/base-image.sh", engine.dockerHost(), BASE);
    script(project, "scripts/offline-images.sh");

    String webhookSecret = random();
    Map<String, String> settings = new HashMap<>(Map.of(
        "NETBOX_SWARM_PKI_DIR", pki.toString(),
        "NETBOX_SWARM_KEYS_DIR", keys.toString(),
        "NETBOX_SWARM_DOCKER_SOCKET", engine.socket(),
        "NETBOX_SWARM_PKI_PASSWORD", Files.readString(pki.resolve("password")).strip(),
        "NETBOX_SWARM_INGEST_WEBHOOK_SECRET", webhookSecret,
        "NETBOX_SWARM_ADMIN_TOKEN", random(),
        "NETBOX_SWARM_AGENT_HOST_ID", String.valueOf(HOST),
        "NETBOX_SWARM_AGENT_HOST_ADDRESS", engine.address(),
        "BASE_IMAGE", BASE));
    // docker-compose reads the netbox profile's required settings even when that profile is off.
    settings.putAll(Map.of("NETBOX_SECRET_KEY", random() + random(), "NETBOX_SWARM_NETBOX_TOKEN", random()));
    ComposeStack stack = new ComposeStack(project, PROJECT, engine, settings, dir.resolve("compose.log"));

    try (DockerClient docker = engine.client()) {
      Set<String> volumesBefore = volumes(docker);
      Set<String> networksBefore = docker.listNetworksCmd().exec().stream().map(Network::getName)
          .collect(Collectors.toSet());
      long buildStart = System.nanoTime();
      stack.compose("build");
      System.out.printf("[compose-up] images built in %d s%n", Duration.ofNanos(System.nanoTime() - buildStart)
          .toSeconds());
      boolean passed = false;
      try {
        long upStart = System.nanoTime();
        stack.compose("up", "-d");
        String ingest = stack.address("netbox-ingest");
        String orchestrator = stack.address("swarm-orchestrator");
        waiting("the ingest ready (its producer and the registry's schemas warm)").until(() ->
            stack.curl(null, "http://" + ingest + ":9081/actuator/health/readiness") == 200);
        waiting("the orchestrator healthy").until(() ->
            stack.curl(null, "http://" + orchestrator + ":9082/actuator/health") == 200);
        System.out.printf("[compose-up] healthy %d s after up%n", Duration.ofNanos(System.nanoTime() - upStart)
            .toSeconds());

        NetboxWebhooks netbox = new NetboxWebhooks(webhookSecret,
            NetboxWebhooks.hostsOf(List.of(new Host(HOST, "docker-host-01", engine.address()))));
        Webhook created = netbox.swarmCreated(new Swarm(3, "compose-swarm", engine.address() + ":2377",
            List.of(HOST), List.of()));
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
        System.out.printf("[compose-up] swarm formed %d s after up%n", Duration.ofNanos(System.nanoTime() - upStart)
            .toSeconds());
        passed = true;
      } finally {
        if (!passed) {
          try {
            stack.compose("logs", "--no-color", "--tail", "150");
          } catch (AssertionError | RuntimeException noLogs) {
            // the down below matters more; its output shows what compose could not tell
          }
        }
        stack.compose("down", "-v", "--remove-orphans");
      }
      assertThat(docker.listContainersCmd().withShowAll(true).exec()).extracting(Container::getNames)
          .as("containers left on the engine").isEmpty();
      // The swarm's own networks (ingress, docker_gwbridge) belong to the swarm, not to the project: they go when
      // the engine leaves it.
      assertThat(docker.listNetworksCmd().exec()).extracting(Network::getName)
          .filteredOn(n -> !List.of("ingress", "docker_gwbridge").contains(n)).as("networks left")
          .containsExactlyInAnyOrderElementsOf(networksBefore);
      assertThat(volumes(docker)).as("volumes left").isEqualTo(volumesBefore);
      // Its private keys and key stores go with it; a failure keeps them, beside compose.log, to look into.
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    } catch (AssertionError | RuntimeException e) {
      e.addSuppressed(new AssertionError("docker-compose's output ends:\n" + stack.logTail()));
      throw e;
    } finally {
      engines.resetSwarms();
    }
  }

  private static Set<String> volumes(DockerClient docker) {
    var volumes = docker.listVolumesCmd().exec().getVolumes();
    return volumes == null ? Set.of() : volumes.stream().map(v -> v.getName()).collect(Collectors.toSet());
  }

  private static ConditionFactory waiting(String what) {
    return await(what).atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions();
  }

  private static void script(Path project, String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(project.resolve(script).toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(project.toFile()).inheritIO().start();
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
