package io.netboxswarm.agent;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The agent's settings, from environment variables, else from an optional properties file named by
 * {@code NETBOX_SWARM_AGENT_CONFIG_FILE} (same keys). The names follow the project's one scheme: the agent's own
 * settings are {@code NETBOX_SWARM_AGENT_*}, those the three components share ({@code NETBOX_SWARM_KAFKA_*},
 * {@code NETBOX_SWARM_REGISTRY_URL}, {@code NETBOX_SWARM_ADMISSION_*}) have the same name in each. The README's
 * configuration table lists each one.
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
    String metricsAddress,
    int metricsPort,
    UnaryOperator<String> lookup,
    Map<String, Object> kafka) {

  static final String PREFIX = "NETBOX_SWARM_AGENT_";
  static final String CONFIG_FILE = PREFIX + "CONFIG_FILE";
  static final String HOST_ID = PREFIX + "HOST_ID";
  /** Variables {@code NETBOX_SWARM_KAFKA_<NAME>} are Kafka client setting {@code <name>} ({@code _} as {@code .}). */
  static final String KAFKA_PREFIX = "NETBOX_SWARM_KAFKA_";
  static final String BOOTSTRAP_SERVERS = KAFKA_PREFIX + "BOOTSTRAP_SERVERS";
  static final String REGISTRY_URL = "NETBOX_SWARM_REGISTRY_URL";
  /** Where {@code scripts/registry.sh} starts the registry, as the ingest and the orchestrator default to it. */
  static final String DEFAULT_REGISTRY_URL = "http://127.0.0.1:8085/apis/registry/v3";
  static final String KEYSET_FILE = PREFIX + "KEYSET_FILE";
  static final String KEYSET = PREFIX + "KEYSET";
  static final String SIGNING_KEYSET_FILE = PREFIX + "SIGNING_KEYSET_FILE";
  static final String SIGNING_KEYSET = PREFIX + "SIGNING_KEYSET";
  static final String ORCHESTRATOR_PUBLIC_KEYSET_FILE = "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE";
  static final String ORCHESTRATOR_PUBLIC_KEYSET = "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET";
  static final String ORCHESTRATOR_SIGNING_PUBLIC_KEYSET_FILE =
      "NETBOX_SWARM_ORCHESTRATOR_SIGNING_PUBLIC_KEYSET_FILE";
  static final String ORCHESTRATOR_SIGNING_PUBLIC_KEYSET = "NETBOX_SWARM_ORCHESTRATOR_SIGNING_PUBLIC_KEYSET";
  static final String HEARTBEAT_INTERVAL = PREFIX + "HEARTBEAT_INTERVAL";
  static final String STATE_DIR = PREFIX + "STATE_DIR";
  static final String STATE_RETENTION = PREFIX + "STATE_RETENTION";
  static final String HOST_ADDRESS = PREFIX + "HOST_ADDRESS";
  static final String METRICS_PORT = PREFIX + "METRICS_PORT";
  static final String METRICS_ADDRESS = PREFIX + "METRICS_ADDRESS";
  /** {@link #metricsPort()} when {@code /metrics} is not served ({@code off} or {@code 0}). */
  public static final int METRICS_OFF = 0;

  public static AgentConfig fromEnvironment() {
    Map<String, String> env = System.getenv();
    return from(env::get, env.keySet());
  }

  /**
   * Settings from {@code env}, completed by the properties file it names, if any; {@code envNames} are the
   * variables {@code env} has (to find the {@code NETBOX_SWARM_KAFKA_*} ones).
   */
  public static AgentConfig from(UnaryOperator<String> env, java.util.Set<String> envNames) {
    Properties file = new Properties();
    String configFile = env.apply(CONFIG_FILE);
    if (configFile != null && !configFile.isBlank()) {
      try (Reader reader = Files.newBufferedReader(Path.of(configFile))) {
        file.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + CONFIG_FILE + " " + configFile + ": " + e.getMessage());
      }
    }
    UnaryOperator<String> lookup = key -> {
      String value = env.apply(key);
      return value != null && !value.isBlank() ? value : file.getProperty(key);
    };
    Map<String, Object> kafka = kafkaSettings(lookup, envNames, file.stringPropertyNames());
    return new AgentConfig(
        Long.parseLong(required(lookup, HOST_ID)),
        (String) kafka.getOrDefault(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092"),
        orDefault(lookup, REGISTRY_URL, DEFAULT_REGISTRY_URL),
        // Docker's own variable, as the docker CLI and docker-java read it (with DOCKER_TLS_VERIFY, DOCKER_CERT_PATH)
        orDefault(lookup, "DOCKER_HOST", "unix:///var/run/docker.sock"),
        path(lookup, KEYSET_FILE),
        path(lookup, ORCHESTRATOR_PUBLIC_KEYSET_FILE),
        duration(orDefault(lookup, HEARTBEAT_INTERVAL, "10s"), HEARTBEAT_INTERVAL),
        Path.of(orDefault(lookup, STATE_DIR, "/var/lib/netbox-swarm-agent")),
        duration(orDefault(lookup, STATE_RETENTION, "7d"), STATE_RETENTION),
        lookup.apply(HOST_ADDRESS),
        // loopback unless told otherwise: the agent's metrics are not offered to the network by accident
        orDefault(lookup, METRICS_ADDRESS, "127.0.0.1"),
        metricsPort(orDefault(lookup, METRICS_PORT, "9083")),
        lookup,
        kafka);
  }

  /** For tests and embedding: the given settings only. */
  public static AgentConfig of(Map<String, String> settings) {
    return from(settings::get, settings.keySet());
  }

  // NETBOX_SWARM_KAFKA_SECURITY_PROTOCOL=SSL -> security.protocol=SSL: Kafka's settings are lower case with dots.
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
   * This agent's private signing keyset: {@code NETBOX_SWARM_AGENT_SIGNING_KEYSET_FILE}, else the {@code .signing.}
   * file beside {@code NETBOX_SWARM_AGENT_KEYSET_FILE} (as {@code scripts/keygen.sh} writes them); null means the
   * keyset is in {@code NETBOX_SWARM_AGENT_SIGNING_KEYSET}.
   */
  public Path signingKeysetFile() {
    return fileOrBeside(SIGNING_KEYSET_FILE, SIGNING_KEYSET, keysetFile);
  }

  /**
   * The orchestrator's public signing keyset, which every command must be signed with:
   * {@code NETBOX_SWARM_ORCHESTRATOR_SIGNING_PUBLIC_KEYSET_FILE}, else the {@code .signing.} file beside
   * {@code NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE}; null means it is in
   * {@code NETBOX_SWARM_ORCHESTRATOR_SIGNING_PUBLIC_KEYSET}.
   */
  public Path orchestratorSigningPublicKeysetFile() {
    return fileOrBeside(ORCHESTRATOR_SIGNING_PUBLIC_KEYSET_FILE, ORCHESTRATOR_SIGNING_PUBLIC_KEYSET,
        orchestratorPublicKeysetFile);
  }

  private Path fileOrBeside(String fileKey, String jsonKey, Path sealingKeysetFile) {
    Path explicit = path(lookup, fileKey);
    return explicit != null || lookup.apply(jsonKey) != null ? explicit
        : io.netboxswarm.sealing.Keysets.signingFileBeside(sealingKeysetFile);
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

  /** A port, or {@code off} (or {@code 0}) for no {@code /metrics} at all. */
  static int metricsPort(String text) {
    String value = text.strip();
    if (value.equalsIgnoreCase("off")) {
      return METRICS_OFF;
    }
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(METRICS_PORT + " is not a port (1-65535) or off: " + text);
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
        + ", metrics=" + (metricsPort == METRICS_OFF ? "off" : metricsAddress + ":" + metricsPort)
        + ", kafka=" + kafka.keySet() + "]"; // names only: values may be passwords
  }
}
