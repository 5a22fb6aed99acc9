package io.netboxswarm.testkit.kafka;

import io.netboxswarm.testkit.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import io.netboxswarm.security.KafkaAcls;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node KRaft Kafka (broker and controller in one process, as {@code kafka.Kafka} runs it), in this
 * JVM, listening on 127.0.0.1 only. (Kafka's own test kit pre-binds its sockets on every interface, hence this.)
 * It can be stopped and started again on the same ports and data, to test a broker outage.
 *
 * <p>Secured as the platform is deployed: both listeners (clients' and the controller's) speak TLS and require a
 * client certificate from the project's CA ({@link Pki}); the principal is the certificate's CN; KRaft's
 * {@code StandardAuthorizer} denies what no ACL allows; {@code admin} and {@code broker} are super users; the
 * platform's ACLs ({@link KafkaAcls#platform}) are granted at start. Clients connect with
 * {@link #clientProperties(String)}.
 */
public final class KafkaBroker implements AutoCloseable {

  private final Path dataDir;
  private final Properties config;
  private final int port;
  private final Pki pki;
  /** Where a broker in its own process writes its output; null for a broker in this JVM. */
  private final Path processLog;
  private KafkaRaftServer server;
  private Process process;

  private KafkaBroker(Path dataDir, Properties config, int port, Pki pki, Path processLog) {
    this.dataDir = dataDir;
    this.config = config;
    this.port = port;
    this.pki = pki;
    this.processLog = processLog;
  }

  /** Formats a fresh data directory and starts the broker in this JVM; returns once it serves. */
  public static KafkaBroker start() {
    return start(null);
  }

  /**
   * The same broker in a process of its own ({@code kafka.Kafka server.properties} on this JVM's class path), so
   * that it can crash for real ({@link #kill()}); its output goes to {@code log}.
   */
  public static KafkaBroker startProcess(Path log) {
    return start(log);
  }

  private static KafkaBroker start(Path processLog) {
    try {
      Pki pki = Pki.shared();
      Path dir = Files.createTempDirectory("nbs-kafka");
      int[] ports = FreePorts.take(2);
      int port = ports[0];
      int controllerPort = ports[1];
      Properties props = new Properties();
      props.put("process.roles", "broker,controller");
      props.put("node.id", "1");
      props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
      props.put("listeners", "SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
      props.put("advertised.listeners", "SSL://127.0.0.1:" + port);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("inter.broker.listener.name", "SSL");
      // The controller's listener is TLS with client certificates too: the broker reaches it as User:broker.
      props.put("listener.security.protocol.map", "SSL:SSL,CONTROLLER:SSL");
      props.put("ssl.keystore.type", "PKCS12");
      props.put("ssl.keystore.location", pki.keystore(KafkaAcls.BROKER).toString());
      props.put("ssl.keystore.password", pki.password());
      props.put("ssl.key.password", pki.password());
      props.put("ssl.truststore.type", "PKCS12");
      props.put("ssl.truststore.location", pki.truststore().toString());
      props.put("ssl.truststore.password", pki.password());
      props.put("ssl.client.auth", "required");
      props.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+).*$/$1/,DEFAULT");
      props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      props.put("allow.everyone.if.no.acl.found", "false");
      props.put("super.users", "User:" + KafkaAcls.ADMIN + ";User:" + KafkaAcls.BROKER);
      props.put("log.dirs", dir.resolve("logs").toString());
      props.put("num.partitions", "1");
      props.put("auto.create.topics.enable", "true");
      props.put("offsets.topic.replication.factor", "1");
      props.put("offsets.topic.num.partitions", "4");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("transaction.state.log.num.partitions", "4");
      props.put("group.initial.rebalance.delay.ms", "0");
      // No fsync per append: like the deployed broker (scripts/kafka.sh, compose) and Kafka's default, the log is
      // flushed by the OS. A SIGKILL of the broker (the chaos runs) keeps what the page cache holds; only a crash of
      // the machine could lose it, which replication covers in production. Syncing every append made each
      // benchmark measure a slower broker than the one deployed.
      Path file = dir.resolve("server.properties");
      try (var out = Files.newOutputStream(file)) {
        props.store(out, "netbox-swarm test broker");
      }
      format(file);
      KafkaBroker broker = new KafkaBroker(dir, props, port, pki, processLog);
      broker.startServer();
      broker.grant(KafkaAcls.platform(KafkaAcls.DEFAULT_APPLICATION_ID));
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a Kafka data directory", e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Stops the broker, keeping its data and ports: clients see an outage until {@link #restart()}. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
    if (process != null) {
      process.destroy();
      awaitExit();
    }
  }

  /** A crash of a broker in its own process ({@link #startProcess}): SIGKILL, nothing flushed or closed. */
  public synchronized void kill() {
    if (processLog == null) {
      throw new IllegalStateException("a broker in this JVM cannot be killed; start it with startProcess");
    }
    if (process != null) {
      process.destroyForcibly();
      awaitExit();
    }
  }

  /** Starts a stopped broker again on the same address and data. */
  public synchronized void restart() {
    if (server == null && process == null) {
      startServer();
    }
  }

  /** Creates topics (1 partition each) that do not exist yet. */
  public void createTopics(String... names) {
    try (Admin admin = admin()) {
      var existing = admin.listTopics().names().get();
      var missing = Arrays.stream(names).filter(n -> !existing.contains(n))
          .map(n -> new NewTopic(n, 1, (short) 1)).toList();
      admin.createTopics(missing).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topics " + Arrays.toString(names) + ": " + e.getMessage(), e);
    }
  }

  /** An admin client as {@code admin} (a super user). */
  public Admin admin() {
    return Admin.create(clientProperties(KafkaAcls.ADMIN));
  }

  /**
   * Kafka client settings to connect as {@code principal} (its certificate is issued on first use): bootstrap
   * servers, {@code security.protocol=SSL}, its keystore and the CA's truststore. A fresh, mutable map.
   */
  public Map<String, Object> clientProperties(String principal) {
    Map<String, Object> props = new HashMap<>(pki.sslClientProperties(principal));
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return props;
  }

  /** {@link #clientProperties(String)} completed by {@code settings}. */
  public Map<String, Object> clientProperties(String principal, Map<String, ?> settings) {
    Map<String, Object> props = clientProperties(principal);
    props.putAll(settings);
    return props;
  }

  /** The same settings as Spring Boot's {@code spring.kafka.*} properties (security and SSL only). */
  public Map<String, String> springKafkaProperties(String principal) {
    Map<String, String> props = new HashMap<>();
    props.put("spring.kafka.security.protocol", "SSL");
    props.put("spring.kafka.ssl.key-store-type", "PKCS12");
    props.put("spring.kafka.ssl.key-store-location", "file:" + pki.keystore(principal));
    props.put("spring.kafka.ssl.key-store-password", pki.password());
    props.put("spring.kafka.ssl.key-password", pki.password());
    props.put("spring.kafka.ssl.trust-store-type", "PKCS12");
    props.put("spring.kafka.ssl.trust-store-location", "file:" + pki.truststore());
    props.put("spring.kafka.ssl.trust-store-password", pki.password());
    return props;
  }

  public Pki pki() {
    return pki;
  }

  /** Lets agent {@code host-<id>} read its commands and write results and heartbeats ({@link KafkaAcls#host}). */
  public void grantHost(long hostId) {
    grant(KafkaAcls.host(hostId));
  }

  /**
   * {@link #clientProperties(String)} as the environment variables every component reads them from,
   * {@code NETBOX_SWARM_KAFKA_<NAME>} (bootstrap servers, security and SSL).
   */
  public Map<String, String> kafkaVariables(String principal) {
    Map<String, String> env = new HashMap<>();
    clientProperties(principal).forEach((name, value) -> env.put(
        "NETBOX_SWARM_KAFKA_" + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), String.valueOf(value)));
    return env;
  }

  /**
   * The host agent's settings (its environment) to connect as {@code host-<hostId>}: {@link #kafkaVariables},
   * completed by {@code settings}. Grants the host its ACLs and creates the topics it uses (the orchestrator does, in
   * a deployment; an agent may not create topics).
   */
  public Map<String, String> agentSettings(long hostId, Map<String, String> settings) {
    grantHost(hostId);
    createTopics(KafkaAcls.AGENT_RESULTS, KafkaAcls.AGENT_HEARTBEATS, KafkaAcls.COMMANDS_PREFIX + hostId);
    Map<String, String> env = kafkaVariables(KafkaAcls.hostPrincipal(hostId));
    env.putAll(settings);
    return env;
  }

  /** The orchestrator's ACLs for an application id other than the default one (tests use fresh ones). */
  public void grantOrchestrator(String applicationId) {
    grant(KafkaAcls.orchestrator(applicationId));
  }

  /** Creates ACL bindings, as admin. */
  public void grant(java.util.Collection<org.apache.kafka.common.acl.AclBinding> acls) {
    try (Admin admin = admin()) {
      KafkaAcls.apply(admin, acls);
    }
  }

  @Override
  public void close() {
    stop();
    try (var paths = Files.walk(dataDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory; the OS cleans it eventually
    }
  }

  private synchronized void startServer() {
    if (processLog == null) {
      server = new KafkaRaftServer(KafkaConfig.fromProps(config), Time.SYSTEM);
      server.startup();
    } else {
      try {
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "kafka.Kafka",
            dataDir.resolve("server.properties").toString())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(processLog.toFile()))
            .start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the Kafka broker process", e);
      }
    }
    awaitServing();
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private void awaitServing() {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Exception last = null;
    while (System.nanoTime() < until) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException("the Kafka broker process exited with " + process.exitValue()
            + "; see " + processLog);
      }
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get();
        return;
      } catch (Exception e) {
        last = e;
      }
    }
    throw new IllegalStateException("the Kafka broker did not serve within 60 s", last);
  }

  private static void format(Path config) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status = StorageTool.execute(new String[] {"format", "--config", config.toString(),
        "--cluster-id", Uuid.randomUuid().toString(), "--standalone"},
        new PrintStream(output, true, StandardCharsets.UTF_8));
    if (status != 0) {
      throw new IllegalStateException("kafka-storage format failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

}
