package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netboxswarm.contracts.DeadLetters;
import io.netboxswarm.contracts.SealedJoinTokens;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.wire.RecordSignatures;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.contracts.writeback.NetboxWrite;
import io.netboxswarm.netbox.NetboxApi;
import io.netboxswarm.netbox.NetboxToken;
import io.netboxswarm.orchestrator.netbox.NetboxWriter;
import io.netboxswarm.orchestrator.netbox.WriteBacks;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.Opener;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import io.netboxswarm.testkit.netbox.NetboxApiDouble;
import io.netboxswarm.testkit.registry.ApicurioRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NetBox writer alone, as the orchestrator runs it (its principal, its group, its keys), against the real broker
 * and registry and NetBox's REST API double: what it can never send is dead-lettered and the next write goes on; an
 * outage longer than the consumer's max.poll.interval.ms loses and reorders nothing.
 */
@ExtendWith(Platform.class)
class NetboxWriterTest {

  private static final long SWARM = 5;
  private static final String JOURNAL = "/api/extras/journal-entries/";

  @TempDir
  Path tmp;
  private KafkaBroker broker;
  private ApicurioRegistry registry;
  private Keys keys;
  private NetboxApiDouble netbox;
  private KafkaProducer<String, byte[]> writes;
  private Serializer<NetboxWrite> avro;
  private NetboxWriter writer;

  @BeforeEach
  void start() {
    broker = KafkaBroker.start();
    registry = Platform.registry();
    keys = new Keys(tmp.resolve("keys"));
    netbox = new NetboxApiDouble();
    broker.createTopics(Topics.NETBOX_WRITES, Topics.DEAD_LETTERS, Topics.SWARM_AUDIT);
    Map<String, Object> props = new HashMap<>(WireFormat.producerProperties(registry.url()));
    props.putAll(broker.clientProperties("admin")); // whoever could write netbox.writes
    avro = WireFormat.valueSerializer(props);
    writes = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {writer, writes, netbox, broker}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // the next closes still run
      }
    }
  }

  /** The writer, as the orchestrator's configuration makes it, with these consumer settings on top. */
  private NetboxWriter startWriter(Map<String, Object> consumerSettings) {
    String applicationId = "orchestrator-" + UUID.randomUUID().toString().substring(0, 8);
    broker.grantOrchestrator(applicationId);
    Map<String, Object> client = new HashMap<>(broker.clientProperties("orchestrator"));
    client.putAll(consumerSettings);
    Opener opener = Opener.of(SealingContext.ORCHESTRATOR,
        new Keysets(name -> null).privateKeyset(keys.orchestratorPrivate(), null));
    NetboxWriter w = new NetboxWriter(new NetboxWriter.Config(broker.bootstrapServers(), client, registry.url(),
        applicationId + "-netbox-writer", true, false, Duration.ofSeconds(30)),
        new NetboxApi(URI.create(netbox.url()), new NetboxToken(NetboxApiDouble.TOKEN), Duration.ofSeconds(5)), opener,
        keys.orchestratorVerifier(), keys::orchestratorSigner, Clock.systemUTC());
    w.start();
    return w;
  }

  /** Puts these bytes on netbox.writes, signed by the orchestrator as its stream signs what it writes. */
  private void sendSigned(String key, byte[] value) throws Exception {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.NETBOX_WRITES, key, value);
    RecordSignatures.sign(keys.orchestratorSigner(), Topics.NETBOX_WRITES, record.headers(), value);
    writes.send(record).get();
  }

  private void sendSigned(NetboxWrite write) throws Exception {
    sendSigned(write.getPath(), avro.serialize(Topics.NETBOX_WRITES, write));
  }

  private static NetboxWrite journal(String comments) {
    return WriteBacks.journal("swarm", SWARM, "info", comments, SWARM, "evt-" + comments, Instant.now());
  }

  @Test
  void writesItCanNeverSendAreDeadLetteredAndTheNextOneArrives() throws Exception {
    writer = startWriter(Map.of());
    String cluster = "cluster-5";
    String token = "SWMTKN-1-secret-worker";
    SealedJoinTokens tokens = new SealedJoinTokens(
        keys.sealForOrchestrator(token, SealingContext.joinToken(cluster, "worker")),
        keys.sealForOrchestrator("SWMTKN-1-secret-manager", SealingContext.joinToken(cluster, "manager")));
    SealedJoinTokens otherCluster = new SealedJoinTokens(
        keys.sealForOrchestrator(token, SealingContext.joinToken("cluster-x", "worker")),
        keys.sealForOrchestrator("SWMTKN-1-secret-manager", SealingContext.joinToken("cluster-x", "manager")));

    sendSigned("corrupt", "{\"method\": \"PATCH\"}".getBytes(StandardCharsets.UTF_8));
    sendSigned(NetboxWrite.newBuilder(WriteBacks.swarmFormed(SWARM, cluster, tokens, "evt-1", Instant.now()))
        .setBody("{\"SwarmID\": ").build());
    sendSigned(WriteBacks.swarmFormed(SWARM, cluster, otherCluster, "evt-2", Instant.now()));
    sendSigned(journal("after the bad ones"));

    assertThat(netbox.await("POST", JOURNAL, b -> true).body().path("comments").asString())
        .isEqualTo("after the bad ones");
    List<ConsumerRecord<byte[], byte[]>> letters = deadLetters(3);
    assertThat(letters).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.COMPONENT))
        .containsOnly("netbox-writer");
    assertThat(letters).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET))
        .containsExactly("0", "1", "2");
    assertThat(DeadLetters.header(letters.get(0).headers(), DeadLetters.REASON)).startsWith("cannot decode");
    assertThat(DeadLetters.header(letters.get(1).headers(), DeadLetters.REASON)).contains("not JSON");
    assertThat(DeadLetters.header(letters.get(2).headers(), DeadLetters.REASON)).contains("does not open");
    assertThat(letters.toString() + letters.stream().map(r -> r.headers().toString()).toList())
        .doesNotContain(token);
    assertThat(netbox.requests()).as("nothing of the bad ones reached NetBox").hasSize(1);
    assertThat(writer.running()).isTrue();
    // swarm_orchestrator_writebacks_failed_total and _pending
    await().atMost(Duration.ofSeconds(30)).until(writer::failed, failed -> failed == 3);
    await().atMost(Duration.ofSeconds(30)).until(writer::pending, pending -> pending == 0);
  }

  @Test
  void anOutageLongerThanTheMaxPollIntervalLosesAndReordersNothing() throws Exception {
    writer = startWriter(Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "3000"));
    netbox.unavailable();
    sendSigned(journal("first"));
    sendSigned(journal("second"));

    // Five refusals in a row take the back-off past 3 s: the write was held longer than max.poll.interval.ms.
    await().atMost(Duration.ofSeconds(60)).until(() -> netbox.requests().stream()
        .filter(r -> r.status() == 503).count() >= 5);
    assertThat(netbox.requests()).allMatch(r -> r.body().path("comments").asString().equals("first"));
    // What swarm_orchestrator_writebacks_pending shows: both wait (and a transaction marker, at most, with them).
    assertThat(writer.pending()).isBetween(2L, 3L);
    netbox.available();

    await().atMost(Duration.ofSeconds(60)).until(() -> netbox.requests().stream().filter(r -> r.status() < 300)
        .count() == 2);
    assertThat(netbox.requests().stream().filter(r -> r.status() < 300).map(r -> r.body().path("comments")
        .asString())).containsExactly("first", "second");
    assertThat(writer.running()).isTrue();
    await().atMost(Duration.ofSeconds(30)).until(writer::pending, pending -> pending == 0);
    assertThat(writer.failed()).isZero();
  }

  private List<ConsumerRecord<byte[], byte[]>> deadLetters(int count) throws Exception {
    try (DeadLetterTap tap = new DeadLetterTap(broker.clientProperties("admin"))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> tap.letters().size() >= count);
      return tap.letters();
    }
  }
}
