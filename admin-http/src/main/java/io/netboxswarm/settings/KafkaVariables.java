package io.netboxswarm.settings;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The Kafka client settings of the project's one scheme, {@code NETBOX_SWARM_KAFKA_<NAME>} = Kafka's setting
 * {@code <name>} (lower case, {@code _} as {@code .}), as the agent reads them, made Spring Boot's own for the ingest
 * and the orchestrator: {@code spring.kafka.properties.<name>}, which every client Spring Boot configures takes, and
 * {@code spring.kafka.bootstrap-servers} for {@code NETBOX_SWARM_KAFKA_BOOTSTRAP_SERVERS}. Spring's relaxed binding
 * cannot do this: it reads {@code _} as a level, not as Kafka's {@code .}. They rank just below the environment
 * variables themselves: above {@code application.yml}, below the command line.
 */
public final class KafkaVariables implements EnvironmentPostProcessor {

  public static final String PREFIX = "NETBOX_SWARM_KAFKA_";
  static final String SOURCE = "netboxSwarmKafkaVariables";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    String variablesName = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
    if (!(environment.getPropertySources().get(variablesName) instanceof EnumerablePropertySource<?> variables)) {
      return;
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    for (String name : variables.getPropertyNames()) {
      Object value = variables.getProperty(name);
      if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && value != null && !value.toString().isBlank()) {
        String setting = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        settings.put(setting.equals("bootstrap.servers") ? "spring.kafka.bootstrap-servers"
            : "spring.kafka.properties." + setting, value);
      }
    }
    if (!settings.isEmpty()) {
      environment.getPropertySources().addAfter(variablesName, new MapPropertySource(SOURCE, settings));
    }
  }
}
