package io.netboxswarm.agent;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;


import io.netboxswarm.agent.commands.CommandHandler;
import io.netboxswarm.agent.commands.CommandLoop;
import io.netboxswarm.agent.commands.AgentState;
import io.netboxswarm.agent.docker.ActionExecutor;
import io.netboxswarm.agent.docker.Admission;
import io.netboxswarm.agent.docker.TaskContainerRepair;
import io.netboxswarm.contracts.admission.AdmissionPolicy;
import io.netboxswarm.agent.heartbeat.HeartbeatPublisher;
import io.netboxswarm.agent.logging.AgentLogging;
import io.netboxswarm.agent.metrics.AgentMetrics;
import io.netboxswarm.agent.sealing.AgentKeys;
import io.netboxswarm.agent.trust.AgentSignatures;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.wire.SigningSerializer;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.Opener;
import io.netboxswarm.sealing.RecordSigner;
import io.netboxswarm.sealing.RecordVerifier;
import io.netboxswarm.sealing.Sealer;

/** The host agent: this host's commands in, results and heartbeats out. {@code java -jar host-agent.jar}. */
public final class HostAgent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HostAgent.class);
  private static final Duration STATE_PRUNING = Duration.ofHours(1);

  private final DockerClient docker;
  private final KafkaProducer<String, Object> producer;
  private final CommandLoop commands;
  private final ScheduledExecutorService heartbeats;
  private final Thread commandThread;
  private final Closeable metricsEndpoint;

  public HostAgent(AgentConfig config) {
    AdmissionPolicy admission = Admission.policy(config.lookup()); // a refused setting ends the start here
    // Tink's start-up (its registry, the keysets parsed) runs beside the clients' so that the first heartbeat,
    // which needs no key, leaves as early as it can.
    CompletableFuture<AgentKeys> keys = CompletableFuture.supplyAsync(() -> keys(config));
    CompletableFuture<AgentSignatures> signatures = CompletableFuture.supplyAsync(() -> signatures(config));
    this.docker = dockerClient(config.dockerHost());
    // Every result and heartbeat is signed with this host's key; the first heartbeat waits for it to be read.
    this.producer = signingProducer(config, () -> signatures.join().signer());
    Clock clock = Clock.systemUTC();
    AgentMetrics metrics = new AgentMetrics(config.hostId());
    HeartbeatPublisher heartbeat = new HeartbeatPublisher(config.hostId(), docker, producer, config.hostAddress(),
        clock, metrics);
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "heartbeat"));
    heartbeats.scheduleWithFixedDelay(heartbeat, 0, config.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
    // After an engine crash, as often as heartbeats: a task container started without its secrets is stopped soon.
    heartbeats.scheduleWithFixedDelay(new TaskContainerRepair(docker, TaskContainerRepair.engineStartOf(
        config.dockerHost()), metrics), 0, config.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(config), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    AgentKeys agentKeys;
    AgentSignatures agentSignatures;
    try {
      agentKeys = keys.join();
      agentSignatures = signatures.join();
    } catch (CompletionException e) {
      // A keyset that cannot be read ends the start: nothing it made may linger and keep the JVM alive.
      heartbeats.shutdownNow();
      consumer.close(Duration.ZERO);
      producer.close(Duration.ZERO);
      closeDocker();
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    AgentState state = new AgentState(config.stateDir(), config.stateRetention(), clock);
    // Expired results and intents go at start and then hourly, beside the heartbeats (one thread for both).
    heartbeats.scheduleWithFixedDelay(() -> prune(state), 0, STATE_PRUNING.toMillis(), TimeUnit.MILLISECONDS);
    CommandHandler handler = new CommandHandler(config.hostId(),
        new ActionExecutor(docker, agentKeys, config.hostId(), admission), state, clock, metrics);
    this.commands = new CommandLoop(config.hostId(), consumer, WireFormat.valueDeserializer(consumerProps(config)),
        config.registryUrl(), agentSignatures, producer, () -> deadLetterProducer(config), handler, clock, metrics);
    this.metricsEndpoint = serve(metrics, config);
    this.commandThread = new Thread(commands, "commands");
    commandThread.start();
    log.info("host agent for host {} started: {}; admission: {}", config.hostId(), config, admission.describe());
  }

  /**
   * {@code /metrics}, unless turned off. An address that cannot be bound (the port taken, say by a second agent on
   * the same machine) costs the metrics, not the agent: it runs its commands on, and says so.
   */
  private static Closeable serve(AgentMetrics metrics, AgentConfig config) {
    if (config.metricsPort() == AgentConfig.METRICS_OFF) {
      return () -> { };
    }
    try {
      Closeable endpoint = metrics.serve(config.metricsAddress(), config.metricsPort());
      log.info("metrics at http://{}:{}/metrics", config.metricsAddress(), config.metricsPort());
      return endpoint;
    } catch (IOException | RuntimeException e) {
      log.warn("metrics not served on {}:{} ({}): set {} to a free port, or off", config.metricsAddress(),
          config.metricsPort(), e.toString(), AgentConfig.METRICS_PORT);
      return () -> { };
    }
  }

  private static void prune(AgentState state) {
    try {
      state.prune();
    } catch (RuntimeException e) {
      log.warn("cannot prune the state directory: {}", e.toString()); // again at the next round
    }
  }

  /** Dead letters are the refused record's bytes as they came: no serde, no signature of the agent's. */
  private static KafkaProducer<byte[], byte[]> deadLetterProducer(AgentConfig config) {
    Map<String, Object> props = producerProps(config);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "host-agent-" + config.hostId() + "-dead-letters");
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024); // a few records, ever
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static AgentKeys keys(AgentConfig config) {
    Keysets keysets = new Keysets(config.lookup());
    return new AgentKeys(
        Opener.of(config.recipient(), keysets.privateKeyset(config.keysetFile(), AgentConfig.KEYSET)),
        Sealer.forRecipient(SealingContext.ORCHESTRATOR,
            keysets.publicKeyset(config.orchestratorPublicKeysetFile(), AgentConfig.ORCHESTRATOR_PUBLIC_KEYSET)));
  }

  private static AgentSignatures signatures(AgentConfig config) {
    Keysets keysets = new Keysets(config.lookup());
    return new AgentSignatures(
        RecordSigner.of(config.recipient(),
            keysets.signingPrivateKeyset(config.signingKeysetFile(), AgentConfig.SIGNING_KEYSET)),
        RecordVerifier.trusting(SealingContext.ORCHESTRATOR, keysets.signingPublicKeyset(
            config.orchestratorSigningPublicKeysetFile(), AgentConfig.ORCHESTRATOR_SIGNING_PUBLIC_KEYSET)));
  }

  private static KafkaProducer<String, Object> signingProducer(AgentConfig config, Supplier<RecordSigner> signer) {
    Map<String, Object> props = producerProps(config);
    return new KafkaProducer<>(props, new StringSerializer(),
        new SigningSerializer<>(WireFormat.valueSerializer(props), signer));
  }

  public static void main(String[] args) {
    AgentConfig config = AgentConfig.fromEnvironment();
    AgentLogging.forHost(config.hostId());
    HostAgent agent = new HostAgent(config);
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "shutdown"));
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    commands.close();
    try {
      commandThread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
    closeDocker();
    try {
      metricsEndpoint.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  private void closeDocker() {
    try {
      docker.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  static DockerClient dockerClient(String dockerHost) {
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
    var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofSeconds(60)) // swarm join blocks up to 20 s
        .maxConnections(8).build();
    return DockerClientImpl.getInstance(config, http);
  }

  private static Map<String, Object> producerProps(AgentConfig config) {
    Map<String, Object> props = new HashMap<>(config.kafka()); // NETBOX_SWARM_KAFKA_*: security.protocol, ssl.*
    props.putAll(WireFormat.producerProperties(config.registryUrl()));
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "host-agent-" + config.hostId());
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    // A result is sent alone and waited for before the next command, so there is never a batch to fill: Kafka 4's
    // default of 5 ms would only delay each result (and the next step of a formation) by that much.
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // Results and heartbeats are small and few: 4 MB of buffer rides out an outage's delivery timeout, and it must
    // fit the 32 MB heap the agent ships with (the default 32 MB buffer would not).
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * 1024 * 1024);
    return props;
  }

  private static Map<String, Object> consumerProps(AgentConfig config) {
    Map<String, Object> props = new HashMap<>(config.kafka()); // NETBOX_SWARM_KAFKA_*: security.protocol, ssl.*
    props.putAll(WireFormat.consumerProperties(config.registryUrl()));
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "host-agent-" + config.hostId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // The orchestrator writes commands in transactions: a command of an aborted one must never run.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    // The agent cannot create its topic (its ACLs allow reading it only): if it is made after the agent started,
    // the agent sees it within 30 s rather than at the default five-minute metadata refresh.
    props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 30_000);
    // A swarm join may block for 20 s; commands run one by one within the poll loop.
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000);
    return props;
  }
}
