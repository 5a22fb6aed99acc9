package io.netboxswarm.orchestrator.netbox;

import io.netboxswarm.contracts.DeadLetters;
import io.netboxswarm.contracts.SealedJoinTokens;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.wire.RecordSignatures;
import io.netboxswarm.contracts.wire.SigningSerializer;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.contracts.writeback.NetboxWrite;
import io.netboxswarm.orchestrator.failure.Failures;
import io.netboxswarm.netbox.NetboxApi;
import io.netboxswarm.netbox.NetboxApiException;
import io.netboxswarm.netbox.NetboxApiException.Failure;
import io.netboxswarm.orchestrator.state.Sealed;
import io.netboxswarm.sealing.Opener;
import io.netboxswarm.sealing.RecordSigner;
import io.netboxswarm.sealing.RecordVerifier;
import io.netboxswarm.sealing.RecordVerifier.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareMessageListener;
import org.springframework.kafka.KafkaException;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends the write-backs the orchestrator committed ({@code netbox.writes}, read committed) to NetBox, one at a
 * time and in order, from a Spring Kafka listener container that commits each record only once it was dealt with:
 * <ul>
 * <li>NetBox away, answering 5xx/408/429, or refusing the token (401/403): the same write is tried again with a
 * back-off (doubling up to {@code maxBackoff}) for as long as it takes, never skipped and never committed past; each
 * attempt is a new poll, so an outage longer than {@code max.poll.interval.ms} costs no rebalance. A refused token
 * is audited once per episode and puts the writer's health down until NetBox takes a request again.</li>
 * <li>A record it can never send (its bytes do not decode, its body is not JSON, its join tokens do not open):
 * {@link Topics#DEAD_LETTERS}, and the next write goes on.</li>
 * <li>A record this orchestrator did not sign, or whose method or path {@link NetboxApi} refuses (anything but a
 * plain {@code /api/...} path under NetBox's URL): never sent, the token goes nowhere; logged, counted
 * ({@link #refused()}) and skipped. Any other 4xx is NetBox refusing the request: logged and skipped.</li>
 * </ul>
 * Join tokens are opened here, just before the request, and only when writing them back is on: the worker token,
 * and the manager token only when that is on too (it lets whoever reads it add a manager).
 */
public final class NetboxWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NetboxWriter.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String COMPONENT = "netbox-writer";

  /**
   * @param clientProperties Kafka client settings (security) its consumer and producer start from
   * @param maxBackoff the longest wait between two attempts at a write NetBox did not take
   */
  public record Config(String bootstrapServers, Map<String, Object> clientProperties, String registryUrl,
      String groupId, boolean writeJoinTokens, boolean writeManagerToken, Duration maxBackoff) {
  }

  private final Config config;
  private final Deserializer<Object> writes;
  private final RecordVerifier signer;
  private final NetboxApi netbox;
  private final Opener orchestrator;
  private final KafkaProducer<byte[], byte[]> output;
  private final TokenRefusals tokens;
  private final KafkaMessageListenerContainer<byte[], byte[]> container;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  /** Per partition of netbox.writes, the writes not dealt with yet as of the last record ({@link #pending()}). */
  private final Map<Integer, Long> backlog = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param signer whose signature a write-back must carry: the orchestrator's own
   * @param self the orchestrator's signing key, for what the writer sends (its audit events)
   */
  public NetboxWriter(Config config, NetboxApi netbox, Opener orchestrator, RecordVerifier signer,
      Supplier<RecordSigner> self, Clock clock) {
    this.config = config;
    this.signer = signer;
    this.netbox = netbox;
    this.orchestrator = orchestrator;
    Map<String, Object> consumer = new HashMap<>(config.clientProperties());
    consumer.putAll(WireFormat.consumerProperties(config.registryUrl()));
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
    // A crashed orchestrator's writer holds its partition until its session expires: 15 s (as the stream's),
    // not Kafka's 45 s, before a restarted or standby instance writes back again.
    consumer.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000);
    this.writes = WireFormat.valueDeserializer(consumer);
    Map<String, Object> producer = new HashMap<>(config.clientProperties());
    producer.putAll(WireFormat.producerProperties(config.registryUrl()));
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    this.output = new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
    this.tokens = new TokenRefusals(output, new SigningSerializer<>(WireFormat.valueSerializer(producer), self),
        clock);

    ContainerProperties properties = new ContainerProperties(Topics.NETBOX_WRITES);
    properties.setAckMode(ContainerProperties.AckMode.RECORD);
    properties.setPollTimeout(500);
    properties.setMessageListener((ConsumerAwareMessageListener<byte[], byte[]>) this::send);
    // A Kafka authorization error (an ACL not there yet) is waited out rather than stopping the writer.
    properties.setAuthExceptionRetryInterval(Duration.ofSeconds(10));
    this.container = new KafkaMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(consumer,
        new ByteArrayDeserializer(), new ByteArrayDeserializer()), properties);
    container.setBeanName(COMPONENT);
    container.setCommonErrorHandler(errorHandler(maxPollInterval(consumer)));
  }

  private DefaultErrorHandler errorHandler(Duration maxPollInterval) {
    ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
    // Each attempt waits in the consumer's thread: stay well within max.poll.interval.ms, so it keeps its partition.
    backOff.setMaxInterval(Math.max(100, Math.min(config.maxBackoff().toMillis(), maxPollInterval.toMillis() / 2)));
    backOff.setMaxElapsedTime(Long.MAX_VALUE);
    backOff.setMaxAttempts(Long.MAX_VALUE);
    DefaultErrorHandler handler = new DefaultErrorHandler(this::deadLetter, backOff);
    handler.addNotRetryableExceptions(UnreadableWrite.class);
    handler.setCommitRecovered(true);
    handler.setLogLevel(KafkaException.Level.DEBUG); // each attempt is logged below, without a stack
    return handler;
  }

  public void start() {
    container.start();
  }

  /** Stops reading; a write NetBox has not taken yet stays uncommitted, for the next writer. */
  public void stop() {
    container.stop();
    backlog.clear();
  }

  /** True while the writer reads {@code netbox.writes}. */
  public boolean running() {
    return container.isRunning() && container.isInExpectedState();
  }

  /** True while NetBox refuses the writer's token (401/403) and no request went through since. */
  public boolean tokenRefused() {
    return tokens.refusing();
  }

  /** How many writes were refused (never sent) since the start. */
  public long refused() {
    return refused.get();
  }

  /** How many write-backs NetBox never took since the start: refused, dead-lettered, or turned down (4xx). */
  public long failed() {
    return failed.get();
  }

  /**
   * About how many write-backs wait, as of the last record the writer dealt with: those its consumer has not
   * fetched yet (its lag), and while NetBox does not take a write, that one and those fetched behind it (counted by
   * offsets, so a transaction marker among them counts too). 0 before the first write.
   */
  public long pending() {
    return backlog.values().stream().mapToLong(Long::longValue).sum();
  }

  /** On the consumer's thread: its position and lag are read locally, with no request to the broker. */
  private void send(ConsumerRecord<byte[], byte[]> record, org.apache.kafka.clients.consumer.Consumer<?, ?> consumer) {
    org.apache.kafka.common.TopicPartition partition = new org.apache.kafka.common.TopicPartition(record.topic(),
        record.partition());
    long unfetched = consumer.currentLag(partition).orElse(0);
    // Until it goes through, this write and those fetched with it after it wait too.
    backlog.put(record.partition(), unfetched + Math.max(1, consumer.position(partition) - record.offset()));
    send(record);
    backlog.put(record.partition(), unfetched);
  }

  private void send(ConsumerRecord<byte[], byte[]> record) {
    try {
      sendOnce(record);
    } catch (NetboxUnavailable | UnreadableWrite known) {
      throw known;
    } catch (RuntimeException e) {
      if (Failures.isTransient(e)) {
        throw e;
      }
      // The same record would fail the same way: put it aside rather than stop every later write-back.
      throw new UnreadableWrite("the write-back fails for good: " + Failures.reason(e));
    }
  }

  private void sendOnce(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return;
    }
    Verdict verdict = RecordSignatures.verify(signer, SealingContext.ORCHESTRATOR, record.topic(), record.headers(),
        record.value());
    if (verdict != Verdict.VALID) {
      refused.incrementAndGet();
      failed.incrementAndGet();
      log.error("Record at {}-{} offset {} refused and skipped, nothing sent to NetBox: not signed by this"
          + " orchestrator ({})", record.topic(), record.partition(), record.offset(), verdict);
      return;
    }
    NetboxWrite write = decode(record);
    try {
      netbox.writeTarget(write.getMethod(), write.getPath());
    } catch (NetboxApiException e) {
      refused.incrementAndGet();
      failed.incrementAndGet();
      log.error("Write-back {} refused and skipped, nothing sent to NetBox: {} (swarm {}, cause {})",
          NetboxApi.quote(write.getWriteId()), e.getMessage(), write.getSwarmId(),
          NetboxApi.quote(write.getCausationId()));
      return;
    }
    deliver(write, body(write));
  }

  private NetboxWrite decode(ConsumerRecord<byte[], byte[]> record) {
    Object value;
    try {
      value = writes.deserialize(record.topic(), record.headers(), record.value());
    } catch (RuntimeException e) {
      if (Failures.isTransient(e)) {
        throw e; // the registry away: the same record again, later
      }
      throw new UnreadableWrite("cannot decode the write-back: " + Failures.reason(e));
    }
    if (value instanceof NetboxWrite write) {
      return write;
    }
    throw new UnreadableWrite("not a NetboxWrite: " + (value == null ? "null" : value.getClass().getName()));
  }

  private void deliver(NetboxWrite write, String body) {
    try {
      netbox.write(write.getMethod(), write.getPath(), body);
    } catch (NetboxApiException e) {
      if (e.failure() == Failure.TOKEN_REFUSED) {
        tokens.refused(write, e.status());
      } else if (e.status() != 0) {
        tokens.accepted();
      }
      if (e.failure().isTransient()) {
        log.warn("{}; sent again after a back-off", e.getMessage());
        throw new NetboxUnavailable(e.getMessage());
      }
      failed.incrementAndGet();
      // NetBox's error may quote the request: never log it when the request carried tokens.
      log.warn("{}, the write-back is skipped: {}", e.getMessage(),
          write.getJoinTokens() != null ? "<response withheld>" : e.responseBody());
      return;
    }
    tokens.accepted();
    log.info("NetBox took {} {}", write.getMethod(), write.getPath());
  }

  /** The dead letter of a record the writer can never send; if it cannot be written, the record is tried again. */
  private void deadLetter(ConsumerRecord<?, ?> failed, Exception failure) {
    @SuppressWarnings("unchecked")
    ConsumerRecord<byte[], byte[]> record = (ConsumerRecord<byte[], byte[]>) failed;
    String reason = unreadable(failure) instanceof UnreadableWrite u ? u.getMessage() : Failures.reason(failure);
    ProducerRecord<byte[], byte[]> letter = DeadLetters.of(COMPONENT, record, reason);
    try {
      output.send(letter).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot write the dead letter of " + record.topic() + "-"
          + record.partition() + "@" + record.offset() + " (" + e.getClass().getSimpleName() + ")", e);
    }
    this.failed.incrementAndGet();
    backlog.computeIfPresent(record.partition(), (p, waiting) -> Math.max(0, waiting - 1));
    log.error("Record at {}-{} offset {} can never be sent to NetBox, put on {}: {}", record.topic(),
        record.partition(), record.offset(), Topics.DEAD_LETTERS, reason);
  }

  private static Throwable unreadable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnreadableWrite) {
        return t;
      }
    }
    return failure;
  }

  private String body(NetboxWrite write) {
    SealedJoinTokens tokens = write.getJoinTokens();
    if (tokens == null || !config.writeJoinTokens() || write.getClusterId() == null) {
      return write.getBody();
    }
    JsonNode parsed;
    try {
      parsed = JSON.readTree(write.getBody());
    } catch (RuntimeException e) {
      throw new UnreadableWrite("the body is not JSON (" + e.getClass().getSimpleName() + ")");
    }
    if (!(parsed instanceof ObjectNode body)) {
      throw new UnreadableWrite("the body is not a JSON object");
    }
    ObjectNode joinTokens = body.putObject("JoinTokens");
    joinTokens.put("Worker", open(tokens.getWorker(), SealingContext.joinToken(write.getClusterId(), "worker")));
    if (config.writeManagerToken()) {
      joinTokens.put("Manager", open(tokens.getManager(),
          SealingContext.joinToken(write.getClusterId(), "manager")));
    }
    return JSON.writeValueAsString(body);
  }

  private String open(io.netboxswarm.contracts.SealedValue sealed, String context) {
    try {
      return new String(orchestrator.open(Sealed.of(sealed).toSealing(), context), StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      // The sealing module's messages name the context and the cause, never the value.
      throw new UnreadableWrite("a join token does not open for " + context + " (" + e.getClass().getSimpleName()
          + ")");
    }
  }

  private static Duration maxPollInterval(Map<String, Object> consumer) {
    Object value = consumer.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
    return value == null ? Duration.ofMinutes(5) : Duration.ofMillis(Long.parseLong(value.toString()));
  }

  @Override
  public void close() {
    container.stop();
    output.close(Duration.ofSeconds(5));
  }
}
