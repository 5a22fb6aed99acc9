package io.netboxswarm.testkit.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node KRaft Kafka (broker and controller in one process, as {@code kafka.Kafka} runs it), in this
 * JVM, listening on 127.0.0.1 only. (Kafka's own test kit pre-binds its sockets on every interface, hence this.)
 * It can be stopped and started again on the same ports and data, to test a broker outage.
 */
public final class KafkaBroker implements AutoCloseable {

  private final Path dataDir;
  private final Properties config;
  private final int port;
  private KafkaRaftServer server;

  private KafkaBroker(Path dataDir, Properties config, int port) {
    this.dataDir = dataDir;
    this.config = config;
    this.port = port;
  }

  /** Formats a fresh data directory and starts the broker; returns once it serves. */
  public static KafkaBroker start() {
    try {
      Path dir = Files.createTempDirectory("nbs-kafka");
      int port = freePort();
      int controllerPort = freePort();
      Properties props = new Properties();
      props.put("process.roles", "broker,controller");
      props.put("node.id", "1");
      props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
      props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      props.put("log.dirs", dir.resolve("logs").toString());
      props.put("num.partitions", "1");
      props.put("auto.create.topics.enable", "true");
      props.put("offsets.topic.replication.factor", "1");
      props.put("offsets.topic.num.partitions", "4");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("transaction.state.log.num.partitions", "4");
      props.put("group.initial.rebalance.delay.ms", "0");
      props.put("log.flush.interval.messages", "1");
      Path file = dir.resolve("server.properties");
      try (var out = Files.newOutputStream(file)) {
        props.store(out, "netbox-swarm test broker");
      }
      format(file);
      KafkaBroker broker = new KafkaBroker(dir, props, port);
      broker.startServer();
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
  }

  /** Starts a stopped broker again on the same address and data. */
  public synchronized void restart() {
    if (server == null) {
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

  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
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
    server = new KafkaRaftServer(KafkaConfig.fromProps(config), Time.SYSTEM);
    server.startup();
    awaitServing();
  }

  private void awaitServing() {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Exception last = null;
    while (System.nanoTime() < until) {
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

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
