package io.netboxswarm.orchestrator.netbox;

import io.netboxswarm.contracts.SealedJoinTokens;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.contracts.writeback.NetboxWrite;
import io.netboxswarm.orchestrator.state.Sealed;
import io.netboxswarm.sealing.Opener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.netboxswarm.contracts.wire.RecordSignatures;
import io.netboxswarm.sealing.RecordVerifier;
import io.netboxswarm.sealing.RecordVerifier.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends the write-backs the orchestrator committed ({@code netbox.writes}, read committed) to NetBox, one at a
 * time and in order, and commits each only once NetBox answered: a NetBox outage delays write-backs, it loses
 * none. A 4xx other than 408/429 is NetBox refusing the request: logged and skipped, retrying would not help.
 * A write whose method or path the {@link NetboxClient} refuses (anything but a plain {@code /api/...} path under
 * NetBox's URL) is never sent: logged as an error, counted ({@link #refused()}) and skipped.
 * A record this orchestrator did not sign (someone else wrote to {@code netbox.writes}) is refused the same way: the
 * NetBox token goes only with what the orchestrator decided.
 * Join tokens are opened here, just before the request, and only when writing them back is on: the worker token,
 * and the manager token only when that is on too (it lets whoever reads it add a manager).
 */
public final class NetboxWriter implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NetboxWriter.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final KafkaConsumer<String, byte[]> consumer;
  private final Deserializer<Object> writes;
  private final RecordVerifier signer;
  private final NetboxClient netbox;
  private final Opener orchestrator;
  private final boolean writeJoinTokens;
  private final boolean writeManagerToken;
  private final AtomicLong refused = new AtomicLong();
  /** Released by {@link #close}; a retry waits on it, so a stop ends its backoff at once rather than after 30 s. */
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Thread thread;

  /** @param signer whose signature a write-back must carry: the orchestrator's own */
  public NetboxWriter(String bootstrapServers, String registryUrl, String groupId, NetboxClient netbox,
      Opener orchestrator, RecordVerifier signer, boolean writeJoinTokens, boolean writeManagerToken) {
    this(bootstrapServers, Map.of(), registryUrl, groupId, netbox, orchestrator, signer, writeJoinTokens,
        writeManagerToken);
  }

  /** @param clientProperties Kafka client settings (security) the consumer starts from */
  public NetboxWriter(String bootstrapServers, Map<String, Object> clientProperties, String registryUrl,
      String groupId, NetboxClient netbox, Opener orchestrator, RecordVerifier signer, boolean writeJoinTokens,
      boolean writeManagerToken) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.putAll(WireFormat.consumerProperties(registryUrl));
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.writes = WireFormat.valueDeserializer(props);
    this.signer = signer;
    this.netbox = netbox;
    this.orchestrator = orchestrator;
    this.writeJoinTokens = writeJoinTokens;
    this.writeManagerToken = writeManagerToken;
    this.thread = new Thread(this, "netbox-writer");
  }

  public void start() {
    consumer.subscribe(List.of(Topics.NETBOX_WRITES));
    thread.start();
  }

  @Override
  public void run() {
    try {
      while (running()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          NetboxWrite write = signedWrite(record);
          // Stopped before NetBox answered: leave the offset where it is, the next writer sends it.
          if (write != null && !deliver(write)) {
            return;
          }
          consumer.commitSync(Map.of(new org.apache.kafka.common.TopicPartition(record.topic(), record.partition()),
              new org.apache.kafka.clients.consumer.OffsetAndMetadata(record.offset() + 1)));
        }
      }
    } catch (WakeupException e) {
      if (running()) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close();
    }
  }

  /** The write-back in the record, or null when there is none or this orchestrator did not sign it. */
  private NetboxWrite signedWrite(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return null;
    }
    Verdict verdict = RecordSignatures.verify(signer, SealingContext.ORCHESTRATOR, record.topic(), record.headers(),
        record.value());
    if (verdict != Verdict.VALID) {
      refused.incrementAndGet();
      log.error("Record at {}-{} offset {} refused and skipped, nothing sent to NetBox: not signed by this"
          + " orchestrator ({})", record.topic(), record.partition(), record.offset(), verdict);
      return null;
    }
    return writes.deserialize(record.topic(), record.headers(), record.value()) instanceof NetboxWrite write
        ? write : null;
  }

  /** @return true once NetBox answered for good (accepted or refused), false if the writer stopped first */
  private boolean deliver(NetboxWrite write) throws InterruptedException {
    try {
      netbox.target(write.getMethod(), write.getPath());
    } catch (NetboxClient.Refused e) {
      refused.incrementAndGet();
      log.error("Write-back {} refused and skipped, nothing sent to NetBox: {} (swarm {}, cause {})",
          NetboxClient.quote(write.getWriteId()), e.getMessage(), write.getSwarmId(), NetboxClient.quote(write.getCausationId()));
      return true;
    }
    String body = body(write);
    long backoff = 500;
    while (running()) {
      try {
        NetboxClient.Response response = netbox.send(write.getMethod(), write.getPath(), body);
        int status = response.status();
        if (status < 300) {
          log.info("NetBox {} {}: {}", write.getMethod(), write.getPath(), status);
          return true;
        }
        if (status < 500 && status != 408 && status != 429) {
          // NetBox's error may quote the request: never log it when the request carried tokens.
          log.warn("NetBox refused {} {} ({}): {}", write.getMethod(), write.getPath(), status,
              write.getJoinTokens() != null ? "<response withheld>" : abbreviate(response.body()));
          return true;
        }
        log.warn("NetBox answered {} to {} {}; retrying in {} ms", status, write.getMethod(), write.getPath(),
            backoff);
      } catch (java.io.IOException e) {
        log.warn("NetBox unreachable for {} {} ({}); retrying in {} ms", write.getMethod(), write.getPath(),
            e.getClass().getSimpleName(), backoff);
      }
      if (stopping.await(backoff, TimeUnit.MILLISECONDS)) {
        break;
      }
      backoff = Math.min(backoff * 2, 30_000);
    }
    return false;
  }

  /** How many writes were refused (never sent) since the start. */
  public long refused() {
    return refused.get();
  }

  private boolean running() {
    return stopping.getCount() > 0;
  }

  private String body(NetboxWrite write) {
    SealedJoinTokens tokens = write.getJoinTokens();
    if (tokens == null || !writeJoinTokens || write.getClusterId() == null) {
      return write.getBody();
    }
    ObjectNode body = (ObjectNode) JSON.readTree(write.getBody());
    ObjectNode joinTokens = body.putObject("JoinTokens");
    joinTokens.put("Worker", open(tokens.getWorker(), SealingContext.joinToken(write.getClusterId(), "worker")));
    if (writeManagerToken) {
      joinTokens.put("Manager", open(tokens.getManager(),
          SealingContext.joinToken(write.getClusterId(), "manager")));
    }
    return JSON.writeValueAsString(body);
  }

  private String open(io.netboxswarm.contracts.SealedValue sealed, String context) {
    return new String(orchestrator.open(Sealed.of(sealed).toSealing(), context), StandardCharsets.UTF_8);
  }

  private static String abbreviate(String text) {
    return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  @Override
  public void close() throws InterruptedException {
    stopping.countDown();
    consumer.wakeup();
    thread.join(10_000);
  }
}
