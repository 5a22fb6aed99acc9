package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.contracts.admission.AdmissionPolicy;
import io.netboxswarm.orchestrator.commands.CommandSettings;
import io.netboxswarm.orchestrator.keys.OrchestratorSignatures;
import io.netboxswarm.orchestrator.keys.Resealer;
import io.netboxswarm.orchestrator.reconcile.Reconciler;
import io.netboxswarm.orchestrator.reconcile.Strangers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running orchestrator: its topics, its Kafka Streams instance, and read access to its state. */
public final class Orchestrator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);

  /**
   * @param applicationId the Kafka Streams application id: the consumer group, and the prefix of the changelog
   *     and inbox topics; instances with the same id share (and take over) the work
   * @param clientProperties Kafka client settings every client the orchestrator makes starts from (security:
   *     {@code security.protocol}, {@code ssl.*}); the orchestrator's own settings win over them
   */
  public record Config(String bootstrapServers, String registryUrl, String applicationId, Path stateDir,
      CommandSettings commands, AdmissionPolicy admission, Map<String, Object> clientProperties) {

    /** With the default admission policy: no bind, any image. */
    public Config(String bootstrapServers, String registryUrl, String applicationId, Path stateDir,
        CommandSettings commands) {
      this(bootstrapServers, registryUrl, applicationId, stateDir, commands, AdmissionPolicy.defaults());
    }

    /** Without Kafka client settings of its own (a plaintext broker). */
    public Config(String bootstrapServers, String registryUrl, String applicationId, Path stateDir,
        CommandSettings commands, AdmissionPolicy admission) {
      this(bootstrapServers, registryUrl, applicationId, stateDir, commands, admission, Map.of());
    }
  }

  private final Config config;
  private final Resealer resealer;
  private final OrchestratorSignatures signatures;
  private final Clock clock;
  private StreamsClients clients;
  private TopicProvisioner topics;
  private KafkaStreams streams;
  private Retries retries;
  /**
   * The longest wait between two attempts at a record that met a transient failure. The stream thread waits it
   * out, possibly inside an open transaction: under Kafka Streams' transaction.timeout.ms (10 s under exactly-once).
   */
  private static final Duration RETRY_BACKOFF_MAX = Duration.ofSeconds(8);

  public Orchestrator(Config config, Resealer resealer, OrchestratorSignatures signatures, Clock clock) {
    this.config = config;
    this.resealer = resealer;
    this.signatures = signatures;
    this.clock = clock;
  }

  private final Strangers strangers = new Strangers();

  public synchronized void start() {
    clients = new StreamsClients();
    topics = new TopicProvisioner(config.bootstrapServers(), config.clientProperties(), clients::warm);
    topics.ensureShared();
    retries = new Retries(RETRY_BACKOFF_MAX);
    var topology = OrchestratorTopology.build(config.registryUrl(),
        world -> new Reconciler(world, resealer, config.commands(), topics, config.admission(), strangers), clock,
        signatures, retries);
    streams = new KafkaStreams(topology, properties(), clients);
    streams.setUncaughtExceptionHandler(e -> {
      if (TransientFailure.in(e)) {
        log.warn("{}", e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
      } else {
        log.error("orchestrator stream thread failed; replacing it", e);
      }
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.start();
  }

  private Properties properties() {
    Properties p = new Properties();
    p.putAll(config.clientProperties());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    // A crashed instance's task moves to another one after this long; one that stops cleanly leaves the group
    // (Kafka Streams does not by default), so that a restarted or standby instance takes over at once.
    p.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 15_000);
    p.put(StreamsConfig.consumerPrefix("internal.leave.group.on.close"), true);
    return p;
  }

  public boolean running() {
    return streams != null && streams.state() == KafkaStreams.State.RUNNING;
  }

  /** True while the stream waits to try again a record that met a transient failure (registry or broker away). */
  public boolean retrying() {
    Retries r = retries;
    return r != null && r.waiting();
  }

  public KafkaStreams.State state() {
    return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
  }

  /** The state store, for the status API; throws while the instance is (re)starting. */
  public ReadOnlyKeyValueStore<String, String> store() {
    return streams.store(StoreQueryParameters.fromNameAndType(OrchestratorTopology.STORE,
        QueryableStoreTypes.keyValueStore()));
  }

  @Override
  public synchronized void close() {
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
      streams = null;
    }
    if (retries != null) {
      retries.close();
      retries = null;
    }
    if (topics != null) {
      topics.close();
      topics = null;
    }
    if (clients != null) {
      clients.close();
      clients = null;
    }
  }
}
