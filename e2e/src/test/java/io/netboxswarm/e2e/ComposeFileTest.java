package io.netboxswarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml as Debian's docker-compose reads it (ComposeUpTest starts it for real): it is valid, it has every
 * service, the netbox profile adds NetBox and its wiring, and a missing required setting is refused with a clear
 * message. With docker-compose.offline.yml over it, the three pulled images are built instead, and nothing else
 * changes.
 */
class ComposeFileTest {

  private static final Map<String, String> SETTINGS = Map.of("NETBOX_SWARM_INGEST_WEBHOOK_SECRET", "s",
      "NETBOX_SWARM_AGENT_HOST_ID", "1", "NETBOX_SWARM_NETBOX_TOKEN", "t", "NETBOX_SECRET_KEY", "k".repeat(50),
      "NETBOX_SWARM_PKI_PASSWORD", "pki-password", "NETBOX_SWARM_ADMISSION_BIND_PREFIXES", "/srv/data");

  @Test
  void theFileIsValidWithEveryServiceAndTheNetboxProfile() throws Exception {
    assertThat(compose(SETTINGS, "config", "--quiet").exitCode()).isZero();
    assertThat(compose(SETTINGS, "config", "--services").lines()).containsExactlyInAnyOrder("kafka", "kafka-acls", "registry",
        "netbox-ingest", "swarm-orchestrator", "host-agent", "netbox", "postgres", "redis", "netbox-wiring",
        "prometheus");
    String resolved = compose(SETTINGS, "config").output();
    // Only NetBox and its parts are in the netbox profile; the system itself starts without a profile.
    assertThat(resolved.split("\n  (?=[a-z-]+:\n)")).filteredOn(s -> s.contains("profiles:\n    - netbox"))
        .extracting(s -> s.substring(0, s.indexOf(':')).strip())
        .containsExactlyInAnyOrder("netbox", "postgres", "redis", "netbox-wiring");
    assertThat(resolved).contains("/var/run/docker.sock:/var/run/docker.sock")
        .contains("BASE_IMAGE: netbox-swarm/jre17:local")
        .contains("NETBOX_SWARM_ORCHESTRATOR_KEYSET_FILE: /run/keys/orchestrator.private.json");
    // Kafka secured: TLS with client certificates, the authorizer, each component with its own key store.
    assertThat(resolved).contains("KAFKA_SSL_CLIENT_AUTH: required")
        .contains("KAFKA_AUTHORIZER_CLASS_NAME: org.apache.kafka.metadata.authorizer.StandardAuthorizer")
        .contains("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND: \"false\"")
        .contains("NETBOX_SWARM_KAFKA_SSL_KEYSTORE_LOCATION: /run/pki/ingest.p12")
        .contains("NETBOX_SWARM_KAFKA_SSL_KEYSTORE_LOCATION: /run/pki/orchestrator.p12")
        .contains("NETBOX_SWARM_KAFKA_SSL_KEYSTORE_LOCATION: /run/pki/host.p12")
        .contains("NETBOX_SWARM_KAFKA_SECURITY_PROTOCOL: SSL")
        .contains("pki/host-1.p12")
        .doesNotContain("PLAINTEXT");
    // The broker's data on its volume, whichever image runs it.
    assertThat(resolved).contains("KAFKA_LOG_DIRS: /var/lib/kafka/data").contains("kafka-data:/var/lib/kafka/data");
    // One scheme: every setting of the three components is NETBOX_SWARM_*, the shared ones under the same name in
    // each (DOCKER_HOST is Docker's own; the rest are Kafka's, the registry's and NetBox's images' settings).
    String components = resolved.substring(resolved.indexOf("\n  host-agent:"), resolved.indexOf("\n  kafka:"))
        + resolved.substring(resolved.indexOf("\n  netbox-ingest:"), resolved.indexOf("\n  netbox-wiring:"))
        + resolved.substring(resolved.indexOf("\n  swarm-orchestrator:"));
    assertThat(components).doesNotContain("NBS_", "SPRING_", "APICURIO_", " KAFKA_", " NETBOX_URL", " NETBOX_TOKEN");
    assertThat(resolved.split("NETBOX_SWARM_ADMISSION_BIND_PREFIXES: /srv/data", -1))
        .as("the admission policy set alike for the orchestrator and the agent").hasSize(3);
  }

  @Test
  void theOfflineOverrideBuildsKafkaTheRegistryAndPrometheusAndChangesNothingElse() throws Exception {
    Path project = Path.of(System.getProperty("netboxswarm.project.dir", "..")).toAbsolutePath().normalize();
    // docker-compose checks that a build context exists; scripts/offline-images.sh fills these (ComposeUpTest runs
    // it), and on a fresh clone this test may come first.
    for (String service : List.of("kafka", "registry", "prometheus")) {
      Files.createDirectories(project.resolve(".runtime/images/" + service));
    }
    assertThat(compose(SETTINGS, List.of("docker-compose.yml", "docker-compose.offline.yml"), "config", "--quiet")
        .exitCode()).isZero();
    String official = compose(SETTINGS, "config").output();
    String offline = compose(SETTINGS, List.of("docker-compose.yml", "docker-compose.offline.yml"), "config").output();
    Map<String, String> officialServices = services(official);
    Map<String, String> offlineServices = services(offline);
    assertThat(offlineServices.keySet()).isEqualTo(officialServices.keySet());
    for (String service : List.of("kafka", "registry", "prometheus")) {
      assertThat(officialServices.get(service)).as(service).contains("image: ").doesNotContain("build:");
      assertThat(offlineServices.get(service)).as(service)
          .contains("context: " + project.resolve(".runtime/images/" + service))
          .contains("BASE_IMAGE: netbox-swarm/jre17:local")
          .contains("image: netbox-swarm/");
      // Same settings, mounts and ports: the built image reads what the official one reads.
      assertThat(withoutImage(offlineServices.get(service))).as(service)
          .isEqualTo(withoutImage(officialServices.get(service)));
    }
    officialServices.keySet().stream().filter(s -> !List.of("kafka", "registry", "prometheus").contains(s))
        .forEach(s -> assertThat(withoutImage(offlineServices.get(s))).as(s)
            .isEqualTo(withoutImage(officialServices.get(s))));
  }

  @Test
  void theHostPathsAreSettings() throws Exception {
    Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
    settings.putAll(Map.of("NETBOX_SWARM_PKI_DIR", "/srv/nbs/pki", "NETBOX_SWARM_KEYS_DIR", "/srv/nbs/keys",
        "NETBOX_SWARM_DOCKER_SOCKET", "/run/engine-2/docker.sock"));
    String resolved = compose(settings, "config").output();
    assertThat(resolved).contains("/srv/nbs/pki/broker.p12:/etc/kafka/secrets/broker.p12:ro")
        .contains("/srv/nbs/pki/host-1.p12:/run/pki/host.p12:ro")
        .contains("/srv/nbs/keys/orchestrator.private.json:/run/keys/orchestrator.private.json:ro")
        .contains("/run/engine-2/docker.sock:/var/run/docker.sock:rw")
        .doesNotContain("/var/run/docker.sock:/var/run/docker.sock");
  }

  /** Each service's block of {@code docker-compose config}, by name. */
  private static Map<String, String> services(String resolved) {
    String all = "\n" + resolved;
    String services = all.substring(all.indexOf("\nservices:\n") + 11, all.indexOf("\nvolumes:\n"));
    Map<String, String> blocks = new java.util.TreeMap<>();
    for (String block : services.split("\n(?=  [a-z-]+:\n)")) {
      blocks.put(block.substring(0, block.indexOf(':')).strip(), block);
    }
    return blocks;
  }

  /** A service's lines without its image and build settings, sorted: merging files reorders a list's items. */
  private static List<String> withoutImage(String block) {
    return (block + "\n").replaceAll("(?m)^    build:\n(      .*\n)+", "").replaceAll("(?m)^    image: .*\n", "")
        .lines().sorted().toList();
  }

  @Test
  void onlyTheWebhookPortIsPublishedBeyondThisHostUntilOtherHostsAreGivenKafkaAndTheRegistry() throws Exception {
    List<String> local = List.of("127.0.0.1:9081:9081", "127.0.0.1:8082:8082", "127.0.0.1:9082:9082",
        "127.0.0.1:8000:8080", "127.0.0.1:9090:9090");
    assertThat(published(compose(SETTINGS, "config").output())).containsExactlyInAnyOrderElementsOf(
        concat(local, List.of("8081:8081", "127.0.0.1:9094:9094", "127.0.0.1:8080:8080")));

    // Agents on other hosts: Kafka's external listener and the registry on the address they reach, the listener
    // advertised under the name the broker's certificate carries; nothing else moves.
    Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
    settings.putAll(Map.of("NETBOX_SWARM_PUBLISH_ADDRESS", "10.0.0.5",
        "NETBOX_SWARM_PLATFORM_ADDRESS", "platform.example"));
    String resolved = compose(settings, "config").output();
    assertThat(published(resolved)).containsExactlyInAnyOrderElementsOf(
        concat(local, List.of("8081:8081", "10.0.0.5:9094:9094", "10.0.0.5:8080:8080")));
    assertThat(resolved).contains("KAFKA_ADVERTISED_LISTENERS: SSL://kafka:9092,EXTERNAL://platform.example:9094")
        .contains("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: SSL:SSL,CONTROLLER:SSL,EXTERNAL:SSL");

    // Other ports on the host, for a host whose 9094 or 8080 is taken: Kafka advertises the one it is published on.
    settings.putAll(Map.of("NETBOX_SWARM_KAFKA_EXTERNAL_PORT", "19094", "NETBOX_SWARM_REGISTRY_PORT", "18080"));
    String moved = compose(settings, "config").output();
    assertThat(published(moved)).contains("10.0.0.5:19094:9094", "10.0.0.5:18080:8080");
    assertThat(moved).contains("EXTERNAL://platform.example:19094");
  }

  @Test
  void theAgentFileRunsTheSameAgentAloneOnAnotherHostReachingThePlatformHost() throws Exception {
    Map<String, String> agentSettings = Map.of("NETBOX_SWARM_AGENT_HOST_ID", "2",
        "NETBOX_SWARM_PKI_PASSWORD", "pki-password", "NETBOX_SWARM_ADMISSION_BIND_PREFIXES", "/srv/data",
        "NETBOX_SWARM_KAFKA_BOOTSTRAP_SERVERS", "platform.example:9094",
        "NETBOX_SWARM_REGISTRY_URL", "http://platform.example:8080/apis/registry/v3");
    List<String> agentFile = List.of("docker-compose.agent.yml");
    assertThat(compose(agentSettings, agentFile, "config", "--services").lines()).containsExactly("host-agent");
    String agent = services(compose(agentSettings, agentFile, "config").output()).get("host-agent");
    assertThat(agent).contains("NETBOX_SWARM_KAFKA_BOOTSTRAP_SERVERS: platform.example:9094")
        .contains("NETBOX_SWARM_REGISTRY_URL: http://platform.example:8080/apis/registry/v3")
        .contains("pki/host-2.p12:/run/pki/host.p12:ro").contains("keys/host-2.private.json:/run/keys/host.private.json:ro")
        .contains("NETBOX_SWARM_KAFKA_SECURITY_PROTOCOL: SSL").doesNotContain("ports:", "depends_on:");

    // One definition: docker-compose.yml's agent is this one, on its own network and after the ACLs.
    Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
    settings.put("NETBOX_SWARM_AGENT_HOST_ID", "2");
    String platformAgent = services(compose(settings, "config").output()).get("host-agent");
    String depends = "(?m)^    depends_on:\n(      .*\n)+";
    // Sorted lines of the service alone: merging files reorders a list's items.
    assertThat((platformAgent + "\n").replaceAll(depends, "")
        .replace("kafka:9092", "platform.example:9094").replace("http://registry:8080", "http://platform.example:8080")
        .lines().filter(l -> l.startsWith("  ")).sorted().toList())
        .isEqualTo(agent.lines().filter(l -> l.startsWith("  ")).sorted().toList());
  }

  /** Every port a resolved file publishes, as [host address:]published:target. */
  private static List<String> published(String resolved) {
    List<String> ports = new ArrayList<>();
    List<String> lines = resolved.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).equals("    ports:")) {
        continue;
      }
      for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("    - "); j++) {
        String item = lines.get(j).substring(6);
        if (item.startsWith("published: ")) {   // the long form: published, then target
          ports.add(item.substring(11) + ":" + lines.get(++j).strip().substring("target: ".length()));
        } else {
          ports.add(item.replace("/tcp", ""));
        }
      }
    }
    return ports;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void aMissingRequiredSettingIsRefusedByName() throws Exception {
    Result result = compose(Map.of("NETBOX_SWARM_AGENT_HOST_ID", "1", "NETBOX_SWARM_PKI_PASSWORD", "p"), "config",
        "--quiet");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("set the NetBox webhook secret");
    Result noPassword = compose(Map.of("NETBOX_SWARM_AGENT_HOST_ID", "1", "NETBOX_SWARM_INGEST_WEBHOOK_SECRET", "s"),
        "config", "--quiet");
    assertThat(noPassword.exitCode()).isNotZero();
    assertThat(noPassword.output()).contains("NETBOX_SWARM_PKI_PASSWORD");
  }

  record Result(int exitCode, String output) {
    List<String> lines() {
      return output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
  }

  private static Result compose(Map<String, String> env, String... args) throws IOException, InterruptedException {
    return compose(env, List.of("docker-compose.yml"), args);
  }

  private static Result compose(Map<String, String> env, List<String> files, String... args)
      throws IOException, InterruptedException {
    Path project = Path.of(System.getProperty("netboxswarm.project.dir", "..")).toAbsolutePath().normalize();
    List<String> command = new ArrayList<>(List.of("docker-compose"));
    files.forEach(f -> command.addAll(List.of("-f", project.resolve(f).toString())));
    command.addAll(List.of("--project-directory", project.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("NETBOX"));
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError("docker-compose is not installed (scripts/test.sh installs Debian's)", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
