package io.netboxswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netboxswarm.agent.docker.Admission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's settings as an operator writes them: {@code NETBOX_SWARM_AGENT_*} for its own,
 * {@code NETBOX_SWARM_KAFKA_*}, {@code NETBOX_SWARM_REGISTRY_URL} and {@code NETBOX_SWARM_ADMISSION_*} with the
 * names the ingest and the orchestrator read too.
 */
@Tag("fast")
class AgentSettingsTest {

  @TempDir
  Path dir;

  @Test
  void everySettingUnderItsNameInTheEnvironment() {
    AgentConfig config = AgentConfig.of(Map.ofEntries(
        Map.entry("NETBOX_SWARM_AGENT_HOST_ID", "7"),
        Map.entry("NETBOX_SWARM_KAFKA_BOOTSTRAP_SERVERS", "kafka:9093"),
        Map.entry("NETBOX_SWARM_REGISTRY_URL", "http://registry:8080/apis/registry/v3"),
        Map.entry("DOCKER_HOST", "tcp://10.0.0.7:2376"),
        Map.entry("NETBOX_SWARM_AGENT_KEYSET_FILE", "/run/keys/host.private.json"),
        Map.entry("NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE", "/run/keys/orchestrator.public.json"),
        Map.entry("NETBOX_SWARM_AGENT_HEARTBEAT_INTERVAL", "2s"),
        Map.entry("NETBOX_SWARM_AGENT_STATE_DIR", "/srv/agent"),
        Map.entry("NETBOX_SWARM_AGENT_STATE_RETENTION", "12h"),
        Map.entry("NETBOX_SWARM_AGENT_HOST_ADDRESS", "10.0.0.7"),
        Map.entry("NETBOX_SWARM_AGENT_METRICS_ADDRESS", "0.0.0.0"),
        Map.entry("NETBOX_SWARM_AGENT_METRICS_PORT", "19083"),
        Map.entry("NETBOX_SWARM_ADMISSION_BIND_PREFIXES", "rw:/srv/data,/srv/conf"),
        Map.entry("NETBOX_SWARM_ADMISSION_ALLOWED_IMAGES", "sha256,registry.example.com/")));

    assertThat(config.hostId()).isEqualTo(7);
    assertThat(config.bootstrapServers()).isEqualTo("kafka:9093");
    assertThat(config.registryUrl()).isEqualTo("http://registry:8080/apis/registry/v3");
    assertThat(config.dockerHost()).isEqualTo("tcp://10.0.0.7:2376");
    assertThat(config.keysetFile()).isEqualTo(Path.of("/run/keys/host.private.json"));
    assertThat(config.orchestratorPublicKeysetFile()).isEqualTo(Path.of("/run/keys/orchestrator.public.json"));
    // the signing keysets sit beside the sealing ones unless named
    assertThat(config.signingKeysetFile()).isEqualTo(Path.of("/run/keys/host.signing.private.json"));
    assertThat(config.orchestratorSigningPublicKeysetFile())
        .isEqualTo(Path.of("/run/keys/orchestrator.signing.public.json"));
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.stateDir()).isEqualTo(Path.of("/srv/agent"));
    assertThat(config.stateRetention()).isEqualTo(Duration.ofHours(12));
    assertThat(config.hostAddress()).isEqualTo("10.0.0.7");
    assertThat(config.metricsAddress()).isEqualTo("0.0.0.0");
    assertThat(config.metricsPort()).isEqualTo(19083);
    assertThat(Admission.policy(config.lookup()).describe()).contains("/srv/data", "/srv/conf",
        "registry.example.com/");
  }

  @Test
  void defaultsAreTheLocalBrokerAndTheLocalRegistryNotTheIngest() {
    AgentConfig config = AgentConfig.of(Map.of("NETBOX_SWARM_AGENT_HOST_ID", "7"));

    assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    // where scripts/registry.sh starts it; 8081 is the ingest's webhook port
    assertThat(config.registryUrl()).isEqualTo("http://127.0.0.1:8085/apis/registry/v3");
    assertThat(config.dockerHost()).isEqualTo("unix:///var/run/docker.sock");
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/netbox-swarm-agent"));
    assertThat(config.stateRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.kafka()).isEmpty();
    // served, but on the loopback only: on the network once asked for
    assertThat(config.metricsAddress()).isEqualTo("127.0.0.1");
    assertThat(config.metricsPort()).isEqualTo(9083);
  }

  @Test
  void metricsTurnedOffByOffOrZeroAndAnythingElseThatIsNoPortRefused() {
    for (String off : new String[] {"off", "OFF", "0"}) {
      AgentConfig config = AgentConfig.of(Map.of("NETBOX_SWARM_AGENT_HOST_ID", "7",
          "NETBOX_SWARM_AGENT_METRICS_PORT", off));
      assertThat(config.metricsPort()).as(off).isEqualTo(AgentConfig.METRICS_OFF);
      assertThat(config.toString()).contains("metrics=off");
    }
    for (String bad : new String[] {"no", "65536", "-1", "9083/tcp"}) {
      assertThatThrownBy(() -> AgentConfig.of(Map.of("NETBOX_SWARM_AGENT_HOST_ID", "7",
          "NETBOX_SWARM_AGENT_METRICS_PORT", bad))).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("NETBOX_SWARM_AGENT_METRICS_PORT is not a port (1-65535) or off: " + bad);
    }
  }

  @Test
  void signingKeysetsNamedApartOrGivenAsJson() {
    AgentConfig named = AgentConfig.of(Map.of("NETBOX_SWARM_AGENT_HOST_ID", "7",
        "NETBOX_SWARM_AGENT_KEYSET_FILE", "/run/keys/host.private.json",
        "NETBOX_SWARM_AGENT_SIGNING_KEYSET_FILE", "/elsewhere/signing.json",
        "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE", "/run/keys/orchestrator.public.json",
        "NETBOX_SWARM_ORCHESTRATOR_SIGNING_PUBLIC_KEYSET_FILE", "/elsewhere/orchestrator-signing.json"));
    assertThat(named.signingKeysetFile()).isEqualTo(Path.of("/elsewhere/signing.json"));
    assertThat(named.orchestratorSigningPublicKeysetFile())
        .isEqualTo(Path.of("/elsewhere/orchestrator-signing.json"));

    AgentConfig json = AgentConfig.of(Map.of("NETBOX_SWARM_AGENT_HOST_ID", "7",
        "NETBOX_SWARM_AGENT_KEYSET_FILE", "/run/keys/host.private.json",
        "NETBOX_SWARM_AGENT_SIGNING_KEYSET", "{}",
        "NETBOX_SWARM_ORCHESTRATOR_SIGNING_PUBLIC_KEYSET", "{}"));
    assertThat(json.signingKeysetFile()).as("read from NETBOX_SWARM_AGENT_SIGNING_KEYSET").isNull();
    assertThat(json.orchestratorSigningPublicKeysetFile()).isNull();
  }

  @Test
  void kafkaVariablesBecomeClientSettingsFromTheEnvironmentAndTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("agent.properties"), """
        NETBOX_SWARM_KAFKA_SSL_TRUSTSTORE_LOCATION=/etc/nbs/truststore.p12
        NETBOX_SWARM_KAFKA_SECURITY_PROTOCOL=PLAINTEXT
        NETBOX_SWARM_AGENT_HEARTBEAT_INTERVAL=3s
        """);
    AgentConfig config = AgentConfig.of(Map.of(
        "NETBOX_SWARM_AGENT_HOST_ID", "7",
        "NETBOX_SWARM_AGENT_CONFIG_FILE", file.toString(),
        "NETBOX_SWARM_KAFKA_SECURITY_PROTOCOL", "SSL",
        "NETBOX_SWARM_KAFKA_SSL_KEYSTORE_LOCATION", "/etc/nbs/host-7.p12",
        "NETBOX_SWARM_KAFKA_SSL_KEYSTORE_PASSWORD", "s3cret-pw",
        "NETBOX_SWARM_KAFKA_", "ignored",
        "NETBOX_SWARM_KAFKA_BOOTSTRAP_SERVERS", "kafka:9093"));

    assertThat(config.kafka()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "bootstrap.servers", "kafka:9093",
        "security.protocol", "SSL", // the environment wins over the file, as for every setting
        "ssl.keystore.location", "/etc/nbs/host-7.p12",
        "ssl.keystore.password", "s3cret-pw",
        "ssl.truststore.location", "/etc/nbs/truststore.p12"));
    assertThat(config.bootstrapServers()).isEqualTo("kafka:9093");
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.toString()).contains("ssl.keystore.password").doesNotContain("s3cret-pw");
  }

  @Test
  void theOldNamesAreNotReadAndAMissingHostIdSaysWhichNameItWants() {
    assertThatThrownBy(() -> AgentConfig.of(Map.of("NBS_HOST_ID", "7")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("NETBOX_SWARM_AGENT_HOST_ID is required");
    AgentConfig config = AgentConfig.of(Map.of("NETBOX_SWARM_AGENT_HOST_ID", "7",
        "NBS_REGISTRY_URL", "http://127.0.0.1:8081/apis/registry/v3", "NBS_KAFKA_SECURITY_PROTOCOL", "SSL"));
    assertThat(config.registryUrl()).isEqualTo("http://127.0.0.1:8085/apis/registry/v3");
    assertThat(config.kafka()).isEmpty();
  }
}
