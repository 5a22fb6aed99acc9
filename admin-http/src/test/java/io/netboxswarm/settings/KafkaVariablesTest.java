package io.netboxswarm.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The agent's Kafka variables, set for the ingest or the orchestrator, reach Spring Boot's Kafka settings. */
@Tag("fast")
class KafkaVariablesTest {

  @Test
  void kafkaVariablesBecomeSpringBootsKafkaSettingsAboveApplicationYml() {
    StandardEnvironment environment = withVariables(Map.of(
        "NETBOX_SWARM_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
        "NETBOX_SWARM_KAFKA_SECURITY_PROTOCOL", "SSL",
        "NETBOX_SWARM_KAFKA_SSL_KEYSTORE_LOCATION", "/run/pki/ingest.p12",
        "NETBOX_SWARM_KAFKA_SSL_TRUSTSTORE_PASSWORD", "pki-pw",
        "NETBOX_SWARM_KAFKA_SSL_KEY_PASSWORD", "",
        "NETBOX_SWARM_REGISTRY_URL", "http://registry:8080/apis/registry/v3"));
    environment.getPropertySources().addLast(new MapPropertySource("application.yml",
        Map.of("spring.kafka.bootstrap-servers", "127.0.0.1:9092")));

    new KafkaVariables().postProcessEnvironment(environment, new SpringApplication());

    Binder binder = Binder.get(environment);
    assertThat(binder.bind("spring.kafka.bootstrap-servers", String.class).get()).isEqualTo("kafka:9092");
    assertThat(binder.bind("spring.kafka.properties", Bindable.mapOf(String.class, String.class)).get())
        .containsExactlyInAnyOrderEntriesOf(Map.of(
            "security.protocol", "SSL",
            "ssl.keystore.location", "/run/pki/ingest.p12",
            "ssl.truststore.password", "pki-pw")); // an empty variable sets nothing
  }

  @Test
  void noKafkaVariablesChangeNothing() {
    StandardEnvironment environment = withVariables(Map.of("NETBOX_SWARM_REGISTRY_URL", "http://r/apis/registry/v3"));
    int sources = environment.getPropertySources().size();

    new KafkaVariables().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getPropertySources().size()).isEqualTo(sources);
  }

  private static StandardEnvironment withVariables(Map<String, Object> variables) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    return environment;
  }
}
