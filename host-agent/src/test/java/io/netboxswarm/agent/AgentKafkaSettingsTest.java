package io.netboxswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code NBS_KAFKA_<NAME>} settings become the Kafka clients' {@code <name>}, and are never printed. */
class AgentKafkaSettingsTest {

  @TempDir
  Path dir;

  @Test
  void kafkaVariablesBecomeClientSettingsFromTheEnvironmentAndTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("agent.properties"),
        "NBS_KAFKA_SSL_TRUSTSTORE_LOCATION=/etc/nbs/truststore.p12\nNBS_KAFKA_SECURITY_PROTOCOL=PLAINTEXT\n");
    AgentConfig config = AgentConfig.of(Map.of(
        "NBS_HOST_ID", "7",
        "NBS_CONFIG_FILE", file.toString(),
        "NBS_KAFKA_SECURITY_PROTOCOL", "SSL",
        "NBS_KAFKA_SSL_KEYSTORE_LOCATION", "/etc/nbs/host-7.p12",
        "NBS_KAFKA_SSL_KEYSTORE_PASSWORD", "s3cret-pw",
        "NBS_KAFKA_", "ignored",
        "NBS_BOOTSTRAP_SERVERS", "kafka:9093"));

    assertThat(config.kafka()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "security.protocol", "SSL", // the environment wins over the file, as for every setting
        "ssl.keystore.location", "/etc/nbs/host-7.p12",
        "ssl.keystore.password", "s3cret-pw",
        "ssl.truststore.location", "/etc/nbs/truststore.p12"));
    assertThat(config.bootstrapServers()).isEqualTo("kafka:9093");
    assertThat(config.toString()).contains("ssl.keystore.password").doesNotContain("s3cret-pw");
  }

  @Test
  void noKafkaVariablesNoSettings() {
    assertThat(AgentConfig.of(Map.of("NBS_HOST_ID", "7")).kafka()).isEmpty();
  }
}
