package io.netboxswarm.agent;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * The agent's settings, from environment variables, else from an optional properties file named by
 * {@code NBS_CONFIG_FILE} (same keys). The README's configuration table lists each one.
 */
public record AgentConfig(
    long hostId,
    String bootstrapServers,
    String registryUrl,
    String dockerHost,
    Path keysetFile,
    Path orchestratorPublicKeysetFile,
    Duration heartbeatInterval,
    Path stateDir,
    Duration stateRetention,
    String hostAddress,
    UnaryOperator<String> lookup,
    Map<String, Object> kafka) {

  /** Variables {@code NBS_KAFKA_<NAME>} are Kafka client setting {@code <name>} ({@code _} as {@code .}). */
  static final String KAFKA_PREFIX = "NBS_KAFKA_";

  public static AgentConfig fromEnvironment() {
    Map<String, String> env = System.getenv();
    return from(env::get, env.keySet());
  }

  /** Settings from {@code env}, completed by the properties file it names, if any. */
  public static AgentConfig from(UnaryOperator<String> env) {
    return from(env, java.util.Set.of());
  }

  /**
   * Settings from {@code env}, completed by the properties file it names, if any; {@code envNames} are the
   * variables {@code env} has (to find the {@code NBS_KAFKA_*} ones).
   */
  public static AgentConfig from(UnaryOperator<String> env, java.util.Set<String> envNames) {
    Properties file = new Properties();
    String configFile = env.apply("NBS_CONFIG_FILE");
    if (configFile != null && !configFile.isBlank()) {
      try (Reader reader = Files.newBufferedReader(Path.of(configFile))) {
        file.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read NBS_CONFIG_FILE " + configFile + ": " + e.getMessage());
      }
    }
    UnaryOperator<String> lookup = key -> {
      String value = env.apply(key);
      return value != null && !value.isBlank() ? value : file.getProperty(key);
    };
    return new AgentConfig(
        Long.parseLong(required(lookup, "NBS_HOST_ID")),
        orDefault(lookup, "NBS_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        orDefault(lookup, "NBS_REGISTRY_URL", "http://127.0.0.1:8081/apis/registry/v3"),
        orDefault(lookup, "DOCKER_HOST", "unix:///var/run/docker.sock"),
        path(lookup, "NBS_AGENT_KEYSET"),
        path(lookup, "NBS_ORCHESTRATOR_PUBLIC_KEYSET"),
        duration(orDefault(lookup, "NBS_HEARTBEAT_INTERVAL", "10s"), "NBS_HEARTBEAT_INTERVAL"),
        Path.of(orDefault(lookup, "NBS_STATE_DIR", "/var/lib/netbox-swarm-agent")),
        duration(orDefault(lookup, "NBS_STATE_RETENTION", "7d"), "NBS_STATE_RETENTION"),
        lookup.apply("NBS_HOST_ADDRESS"),
        lookup,
        kafkaSettings(lookup, envNames, file.stringPropertyNames()));
  }

  /** For tests and embedding: the given settings only. */
  public static AgentConfig of(Map<String, String> settings) {
    return from(settings::get, settings.keySet());
  }

  // NBS_KAFKA_SECURITY_PROTOCOL=SSL -> security.protocol=SSL: Kafka's client settings are lower case with dots.
  private static Map<String, Object> kafkaSettings(UnaryOperator<String> lookup, java.util.Set<String> envNames,
      java.util.Set<String> fileNames) {
    Map<String, Object> kafka = new java.util.TreeMap<>();
    java.util.stream.Stream.concat(envNames.stream(), fileNames.stream())
        .filter(name -> name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length())
        .forEach(name -> {
          String value = lookup.apply(name);
          if (value != null && !value.isBlank()) {
            kafka.put(name.substring(KAFKA_PREFIX.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'),
                value);
          }
        });
    return java.util.Collections.unmodifiableMap(kafka);
  }

  /**
   * This agent's private signing keyset: {@code NBS_AGENT_SIGNING_KEYSET}, else the {@code .signing.} file beside
   * {@code NBS_AGENT_KEYSET} (as {@code scripts/keygen.sh} writes them); null means the keyset is in
   * {@code NBS_AGENT_SIGNING_KEYSET_JSON}.
   */
  public Path signingKeysetFile() {
    Path explicit = path(lookup, "NBS_AGENT_SIGNING_KEYSET");
    return explicit != null || lookup.apply("NBS_AGENT_SIGNING_KEYSET_JSON") != null ? explicit
        : io.netboxswarm.sealing.Keysets.signingFileBeside(keysetFile);
  }

  /**
   * The orchestrator's public signing keyset, which every command must be signed with:
   * {@code NBS_ORCHESTRATOR_SIGNING_PUBLIC_KEYSET}, else the {@code .signing.} file beside
   * {@code NBS_ORCHESTRATOR_PUBLIC_KEYSET}; null means it is in {@code NBS_ORCHESTRATOR_SIGNING_PUBLIC_KEYSET_JSON}.
   */
  public Path orchestratorSigningPublicKeysetFile() {
    Path explicit = path(lookup, "NBS_ORCHESTRATOR_SIGNING_PUBLIC_KEYSET");
    return explicit != null || lookup.apply("NBS_ORCHESTRATOR_SIGNING_PUBLIC_KEYSET_JSON") != null ? explicit
        : io.netboxswarm.sealing.Keysets.signingFileBeside(orchestratorPublicKeysetFile);
  }

  /** This agent's recipient name for sealed values. */
  public String recipient() {
    return io.netboxswarm.contracts.SealingContext.hostRecipient(hostId);
  }

  /** {@code 10s}, {@code 5m}, {@code 12h}, {@code 7d} (or an ISO-8601 duration, {@code PT10S}). */
  static Duration duration(String text, String key) {
    String value = text.strip().toUpperCase(java.util.Locale.ROOT);
    try {
      if (value.startsWith("P")) {
        return Duration.parse(value);
      }
      return value.endsWith("D") ? Duration.ofDays(Long.parseLong(value.substring(0, value.length() - 1)))
          : Duration.parse("PT" + value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " is not a duration such as 10s, 5m, 12h or 7d: " + text);
    }
  }

  private static String required(UnaryOperator<String> lookup, String key) {
    String value = lookup.apply(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " is required");
    }
    return value;
  }

  private static String orDefault(UnaryOperator<String> lookup, String key, String fallback) {
    String value = lookup.apply(key);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static Path path(UnaryOperator<String> lookup, String key) {
    String value = lookup.apply(key);
    return value == null || value.isBlank() ? null : Path.of(value);
  }

  @Override
  public String toString() {
    return "AgentConfig[hostId=" + hostId + ", bootstrapServers=" + bootstrapServers + ", registryUrl=" + registryUrl
        + ", dockerHost=" + dockerHost + ", heartbeatInterval=" + heartbeatInterval + ", stateDir=" + stateDir
        + ", stateRetention=" + stateRetention
        + ", kafka=" + kafka.keySet() + "]"; // names only: values may be passwords
  }
}
