package io.netboxswarm.orchestrator;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.command.RotateJoinToken;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.Host;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Swarm;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.testkit.Platform;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.contracts.writeback.NetboxWrite;
import io.netboxswarm.orchestrator.netbox.WriteBacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/**
 * What NetBox receives: the exact PATCH requests with the Swarm's SwarmID and JoinTokens and each host's node id and
 * role; that NetBox's echo of them (a webhook for each write) starts nothing; join-token rotation on demand.
 */
@ExtendWith(Platform.class)
class WriteBackTest extends Scenario {

  private static final long SWARM = 5;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @AfterEach
  void netboxReceivedOnlyWhatItAccepts() {
    assertThat(netbox.unmatched()).isEmpty();
  }

  @Test
  void aFormedSwarmWritesItsIdWorkerTokenAndEachHostsNodeIdAndRole() {
    String cluster = formSwarm(SWARM, List.of(1L, 2L), List.of(4L));

    // By default NetBox holds the worker token only: whoever reads NetBox can add a worker, never a manager.
    var swarm = netbox.await("PATCH", "/api/plugins/docker/swarms/5/", b -> b.has("SwarmID"));
    assertThat(swarm.body()).isEqualTo(JSON.readTree("""
        {"SwarmID": "%s", "state": "created", "JoinTokens": {"Worker": "%s"}}"""
        .formatted(cluster, Agents.workerToken(cluster))));
    assertThat(netbox.requests().toString()).doesNotContain(Agents.managerToken(cluster));
    assertThat(netbox.await("PATCH", "/api/plugins/docker/hosts/1/", b -> true).body())
        .isEqualTo(JSON.readTree("{\"custom_fields\": {\"swarm_node_id\": \"node-1\", \"swarm_role\": \"manager\"}}"));
    assertThat(netbox.await("PATCH", "/api/plugins/docker/hosts/2/", b -> true).body())
        .isEqualTo(JSON.readTree("{\"custom_fields\": {\"swarm_node_id\": \"node-2\", \"swarm_role\": \"manager\"}}"));
    assertThat(netbox.await("PATCH", "/api/plugins/docker/hosts/4/", b -> true).body())
        .isEqualTo(JSON.readTree("{\"custom_fields\": {\"swarm_node_id\": \"node-4\", \"swarm_role\": \"worker\"}}"));
  }

  @Test
  void netboxEchoingTheWriteBackStartsNothing() {
    String cluster = formSwarm(SWARM, List.of(1L), List.of(4L));
    netbox.await("PATCH", "/api/plugins/docker/hosts/4/", b -> true);
    int commands = agents.received().size();
    int requests = netbox.requests().size();

    // The webhooks NetBox fires for the orchestrator's own writes, as the ingest turns them into events.
    Swarm before = Events.swarm(SWARM, List.of(1L), List.of(4L));
    Swarm after = Swarm.newBuilder(before).setSwarmId(cluster).setState("created")
        .setJoinTokens(agents.tokens(cluster, "")).build();
    events.send(EventKind.UPDATED, ObjectType.SWARM, SWARM, before, after);
    for (long host : new long[] {1, 4}) {
      Host hostAfter = Host.newBuilder().setId(host).setName("host-" + host).setState("running")
          .setSwarmNodeId(nodeId(host)).setSwarmRole(host == 1 ? "manager" : "worker").build();
      events.send(EventKind.UPDATED, ObjectType.HOST, host, null, hostAfter);
    }
    agents.assertQuiet(Duration.ofSeconds(2));
    assertThat(agents.received()).hasSize(commands);
    assertThat(netbox.requests()).hasSize(requests);
  }

  @Test
  void aWriteNetboxHadNotAcceptedWhenTheOrchestratorStoppedIsSentByTheNextInstance() throws Exception {
    netbox.unavailable();
    String cluster = formSwarm(SWARM, List.of(1L), List.of());
    netbox.awaitAnswered("PATCH", "/api/plugins/docker/swarms/5/", 503); // the writer is retrying it
    orchestrator.close();

    netbox.available();
    orchestrator = startOrchestrator(Files.createDirectories(tmp.resolve("next")));
    var swarm = netbox.await("PATCH", "/api/plugins/docker/swarms/5/", b -> b.has("SwarmID"));
    assertThat(swarm.body().path("SwarmID").asString()).isEqualTo(cluster);
    netbox.await("PATCH", "/api/plugins/docker/hosts/1/", b -> true);
  }

  @Test
  void tokensAreNotWrittenBackWhenTheSettingIsOff() throws Exception {
    orchestrator.close();
    Map<String, Object> settings = settings(Files.createDirectories(tmp.resolve("no-tokens")));
    settings.put("netbox-swarm.orchestrator.netbox.write-join-tokens", "false");
    settings.put("netbox-swarm.orchestrator.netbox.write-manager-token", "true"); // off wins: neither token
    orchestrator = OrchestratorRun.start(settings);

    String cluster = formSwarm(SWARM, List.of(1L), List.of());
    var swarm = netbox.await("PATCH", "/api/plugins/docker/swarms/5/", b -> b.has("SwarmID"));
    assertThat(swarm.body()).isEqualTo(JSON.readTree("{\"SwarmID\": \"" + cluster + "\", \"state\": \"created\"}"));
  }

  @Test
  void theManagerTokenIsWrittenBackOnlyWhenTheOperatorOptsIn() throws Exception {
    orchestrator.close();
    Map<String, Object> settings = settings(Files.createDirectories(tmp.resolve("manager-token")));
    settings.put("netbox-swarm.orchestrator.netbox.write-manager-token", "true");
    orchestrator = OrchestratorRun.start(settings);

    String cluster = formSwarm(SWARM, List.of(1L), List.of());
    var swarm = netbox.await("PATCH", "/api/plugins/docker/swarms/5/", b -> b.has("SwarmID"));
    assertThat(swarm.body()).isEqualTo(JSON.readTree("""
        {"SwarmID": "%s", "state": "created",
         "JoinTokens": {"Worker": "%s", "Manager": "%s"}}""".formatted(cluster, Agents.workerToken(cluster),
        Agents.managerToken(cluster))));
  }

  @Test
  void joinTokensAreRotatedOnDemandAndTheNewOnesUsedAndWrittenBack() {
    String cluster = formSwarm(SWARM, List.of(1L), List.of());
    Swarm plain = Events.swarm(SWARM, List.of(1L), List.of());
    NetboxEvent ask = events.send(EventKind.UPDATED, ObjectType.SWARM, SWARM, plain,
        Swarm.newBuilder(plain).setOperation("rotate-join-tokens").build());

    HostCommand rotate = agents.await(1, RotateJoinToken.class);
    assertThat(rotate.getCausationId()).isEqualTo(ask.getEventId());
    events.sendRaw(ask); // the same request delivered twice is one rotation
    agents.succeed(rotate, new SwarmOutcome(cluster, nodeId(1), NodeRole.MANAGER, agents.tokens(cluster, "-r2"),
        List.of(address(1) + ":2377")));

    var written = netbox.await("PATCH", "/api/plugins/docker/swarms/5/", b -> b.has("operation"));
    assertThat(written.body()).isEqualTo(JSON.readTree("""
        {"operation": "none", "JoinTokens": {"Worker": "%s"}}""".formatted(Agents.workerToken(cluster) + "-r2")));
    // NetBox echoes operation none: no second rotation.
    events.send(EventKind.UPDATED, ObjectType.SWARM, SWARM, null, plain);
    agents.assertQuiet(Duration.ofSeconds(1), 1);
    assertThat(agents.count(1, RotateJoinToken.class)).isEqualTo(1);

    // A worker added now joins with the new token.
    idleHosts(4);
    events.swarmChanged(SWARM, List.of(1L), List.of(4L));
    JoinSwarm join = (JoinSwarm) agents.await(4, JoinSwarm.class).getAction();
    assertThat(keys.openAsHost(4, join.getJoinToken(), SealingContext.joinTokenForHost(4, cluster, "worker")))
        .isEqualTo(Agents.workerToken(cluster) + "-r2");
  }

  @Test
  void aWriteWithAHostilePathIsNeverSentAnywhereAndTheNextWriteStillGoesThrough() throws Exception {
    // Another host on this machine, where a hostile path would carry the NetBox token.
    WireMockServer elsewhere = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    elsewhere.start();
    // Signed with the orchestrator's own key: the path check holds even for what the orchestrator wrote.
    try (KafkaProducer<String, NetboxWrite> producer = writesProducer(keys.orchestratorSigner())) {
      String other = "127.0.0.1:" + elsewhere.port();
      List<String> hostile = List.of(
          "@" + other + "/api/plugins/docker/swarms/5/",            // NetBox's host:port becomes the user info
          "//" + other + "/api/plugins/docker/swarms/5/",
          "http://" + other + "/api/plugins/docker/swarms/5/",
          "/api/../api/plugins/docker/swarms/5/",
          "/api/plugins/docker/swarms/5/\r\nHost: " + other,
          "/api\\..\\" + other + "/");
      Instant at = Instant.now();
      for (String path : hostile) {
        NetboxWrite write = NetboxWrite.newBuilder(WriteBacks.swarmFormed(SWARM, "cluster-x", null, "evt-x", at))
            .setPath(path).build();
        producer.send(new ProducerRecord<>(Topics.NETBOX_WRITES, "x", write)).get();
      }
      NetboxWrite good = WriteBacks.journal("swarm", SWARM, "info", "after the refused ones", SWARM, "evt-y", at);
      producer.send(new ProducerRecord<>(Topics.NETBOX_WRITES, good.getPath(), good)).get();

      // The writer sends in order: once the good write arrived, every hostile one before it was dealt with.
      assertThat(netbox.await("POST", "/api/extras/journal-entries/", b -> true).body().path("comments").asString())
          .isEqualTo("after the refused ones");
      assertThat(netbox.requests()).hasSize(1);
      assertThat(elsewhere.getAllServeEvents()).isEmpty();
      assertThat(orchestrator.bean(MeterRegistry.class).get("swarm.orchestrator.netbox.writes.refused")
          .functionCounter().count()).isEqualTo(hostile.size());
    } finally {
      elsewhere.stop();
    }
  }

  @Test
  void aWriteTheOrchestratorDidNotSignIsNeverSent() throws Exception {
    Path forgerKeys = Files.createDirectories(tmp.resolve("forger"));
    io.netboxswarm.sealing.KeyGenerator.generate("orchestrator", forgerKeys);
    var forger = io.netboxswarm.sealing.RecordSigner.of("orchestrator", new io.netboxswarm.sealing.Keysets(k -> null)
        .signingPrivateKeyset(forgerKeys.resolve("orchestrator.signing.private.json"), null));
    Instant at = Instant.now();
    try (KafkaProducer<String, NetboxWrite> unsigned = writesProducer(null);
        KafkaProducer<String, NetboxWrite> forged = writesProducer(forger);
        KafkaProducer<String, NetboxWrite> signed = writesProducer(keys.orchestratorSigner())) {
      NetboxWrite first = WriteBacks.journal("swarm", SWARM, "danger", "written by no one", SWARM, "evt-u", at);
      unsigned.send(new ProducerRecord<>(Topics.NETBOX_WRITES, first.getPath(), first)).get();
      NetboxWrite second = WriteBacks.journal("swarm", SWARM, "danger", "written by a forger", SWARM, "evt-f", at);
      forged.send(new ProducerRecord<>(Topics.NETBOX_WRITES, second.getPath(), second)).get();
      NetboxWrite good = WriteBacks.journal("swarm", SWARM, "info", "written by the orchestrator", SWARM, "evt-g", at);
      signed.send(new ProducerRecord<>(Topics.NETBOX_WRITES, good.getPath(), good)).get();

      // In order: once the signed write arrived, the two before it were dealt with.
      assertThat(netbox.await("POST", "/api/extras/journal-entries/", b -> true).body().path("comments").asString())
          .isEqualTo("written by the orchestrator");
      assertThat(netbox.requests()).hasSize(1);
      assertThat(orchestrator.bean(MeterRegistry.class).get("swarm.orchestrator.netbox.writes.refused")
          .functionCounter().count()).isEqualTo(2);
    }
  }

  /** A producer of write-backs, signed by {@code signer} (none when null), as someone with access to the topic. */
  private KafkaProducer<String, NetboxWrite> writesProducer(io.netboxswarm.sealing.RecordSigner signer) {
    Map<String, Object> props = new HashMap<>(WireFormat.producerProperties(registry.url()));
    props.putAll(broker.clientProperties("admin")); // a test double: whoever could write netbox.writes
    org.apache.kafka.common.serialization.Serializer<NetboxWrite> avro = WireFormat.valueSerializer(props);
    return new KafkaProducer<>(props, new org.apache.kafka.common.serialization.StringSerializer(),
        signer == null ? avro : new io.netboxswarm.contracts.wire.SigningSerializer<>(avro, () -> signer));
  }
}
