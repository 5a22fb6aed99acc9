package io.netboxswarm.orchestrator;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealedJoinTokens;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.Host;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Swarm;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The orchestrator on synthetic state, through the real broker and registry: a resync of {@code hosts} hosts in
 * {@code swarms} swarms (snapshot events, as netbox-ingest publishes them), then every init answered. Prints the
 * time until every command is planned (each command is audited in the same transaction that sends it, so the
 * audit topic tells when) and the cost per event. Broker, registry, orchestrator and this client share the
 * machine's cores: the figures are for all of them together.
 *
 * <p>After each round, once the orchestrator has stopped, it reads back every command topic and {@code swarm.audit}
 * as a {@code read_committed} consumer and prints what such a reader would see twice ({@link ExactlyOnceCheck},
 * issue #17), and how many log events of the round mention an out-of-order sequence, a partition without its
 * leader or a concurrent transaction ({@link LogCount}).
 *
 * <p>Arguments: {@code [hosts=10000] [swarms=1000] [known|state]}; each swarm gets 3 managers and the rest workers;
 * {@code known} runs only the second round, on hosts whose command topics exist; {@code state} skips this one
 * ({@link StateGrowthBenchmark} alone).
 */
public final class OrchestratorBenchmark {

  public static void main(String[] args) throws Exception {
    int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int swarms = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    String only = args.length > 2 ? args[2] : "";
    if ("state".equals(only)) {
      return; // StateGrowthBenchmark alone
    }
    String registry = Platform.registry().url();
    int status = 1;
    try {
      if (!"known".equals(only)) {
        System.out.printf(Locale.ROOT, "%n== hosts new to Kafka: their command topics are made during the resync%n");
        round(hosts, swarms, registry, false);
      }
      System.out.printf(Locale.ROOT, "%n== hosts already known: their command topics exist (a resync after an"
          + " outage)%n");
      round(hosts, swarms, registry, true);
      status = 0;
    } catch (Exception | AssertionError e) {
      e.printStackTrace(); // the exit below would otherwise swallow why the run failed
    } finally {
      System.exit(status); // the in-JVM broker's threads would keep a failed run alive
    }
  }

  private static void round(int hosts, int swarms, String registry, boolean topicsExist) throws Exception {
    int perSwarm = hosts / swarms;
    int managersPerSwarm = Math.min(3, perSwarm);

    KafkaBroker broker = KafkaBroker.start();
    Path dir = Files.createTempDirectory("orchestrator-bench");
    Keys keys = new Keys(dir.resolve("keys"), 1);
    // Every host's agent has a keyset; one public keyset under every host's name is enough to seal for them.
    // Likewise one signing key, vouching under each host's name (the name is part of what is signed).
    Path hostPublic = keys.dir.resolve(SealingContext.hostRecipient(1) + ".public.json");
    Path hostSigningPublic = keys.dir.resolve(SealingContext.hostRecipient(1) + ".signing.public.json");
    for (long host = 2; host <= hosts; host++) {
      Files.copy(hostPublic, keys.dir.resolve(SealingContext.hostRecipient(host) + ".public.json"));
      Files.copy(hostSigningPublic, keys.dir.resolve(SealingContext.hostRecipient(host) + ".signing.public.json"));
    }
    var hostSigningKeyset = new io.netboxswarm.sealing.Keysets(k -> null)
        .signingPrivateKeyset(keys.dir.resolve(SealingContext.hostRecipient(1) + ".signing.private.json"), null);
    // Grants the orchestrator's ACLs: before the topics below, as a broker busy with 10,000 new partitions may take
    // longer than the grant waits to list them.
    Map<String, Object> settings = OrchestratorRun.settings(broker, registry,
        "orchestrator-bench", dir.resolve("state"), keys, null);
    if (topicsExist) {
      List<NewTopic> topics = new ArrayList<>();
      for (long host = 1; host <= hosts; host++) {
        topics.add(new NewTopic(Topics.commandsFor(host), Optional.empty(), Optional.empty()));
      }
      for (int i = 0; i < topics.size(); i += 1000) {
        broker.admin().createTopics(topics.subList(i, Math.min(i + 1000, topics.size()))).all().get();
      }
      Thread.sleep(5000); // the broker takes leadership of the new partitions
    }
    settings.put("netbox-swarm.orchestrator.commands.deadline", "10m");
    settings.put("logging.level.root", "WARN");
    OrchestratorRun orchestrator = OrchestratorRun.start(settings);
    // After the start: Spring Boot resets logback when the application starts. The broker refuses a batch
    // (OutOfOrderSequenceException), its producer retries it (OUT_OF_ORDER_SEQUENCE_NUMBER); a batch sent before the
    // previous transaction's markers are written is refused with CONCURRENT_TRANSACTIONS and retried.
    LogCount logs = LogCount.attach("OutOfOrderSequenceException", "OUT_OF_ORDER_SEQUENCE_NUMBER",
        "NOT_LEADER_OR_FOLLOWER", "CONCURRENT_TRANSACTIONS");
    AuditTap audit = new AuditTap(broker.clientProperties("admin"), registry);

    Map<String, Object> p = new HashMap<>(WireFormat.producerProperties(registry));
    p.putAll(broker.clientProperties("admin"));
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    org.apache.kafka.common.serialization.Serializer<SpecificRecord> avro = WireFormat.valueSerializer(p);
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(p);
        KafkaProducer<String, byte[]> results = new KafkaProducer<>(p,
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      // Phase 1: the resync. Hosts first, as the ingest reads them first; then the swarms.
      Instant at = Instant.now();
      long start = System.nanoTime();
      for (long host = 1; host <= hosts; host++) {
        send(producer, snapshot(ObjectType.HOST, host, Host.newBuilder().setId(host).setName("host-" + host)
            .setState("running").build(), at));
      }
      for (long swarm = 1; swarm <= swarms; swarm++) {
        List<Long> managers = new ArrayList<>();
        List<Long> workers = new ArrayList<>();
        for (int i = 0; i < perSwarm; i++) {
          long host = (swarm - 1) * perSwarm + i + 1;
          (i < managersPerSwarm ? managers : workers).add(host);
        }
        send(producer, snapshot(ObjectType.SWARM, swarm, Swarm.newBuilder(Events.swarm(swarm, managers, workers))
            .setAdvertiseAddr("10.0." + (swarm / 250) + "." + (swarm % 250)).build(), at));
      }
      producer.flush();
      long sent = System.nanoTime();
      awaitIssued(audit, "init", swarms);
      long planned = System.nanoTime();
      int events = hosts + swarms;
      System.out.printf(Locale.ROOT, "resync: %d hosts in %d swarms = %d events%n", hosts, swarms, events);
      System.out.printf(Locale.ROOT, "  published in %.2f s; every init planned and sent after %.2f s (%d inits)%n",
          (sent - start) / 1e9, (planned - start) / 1e9, audit.of(AuditKind.COMMAND_ISSUED, "init").size());
      System.out.printf(Locale.ROOT, "  per event: %.3f ms%n", (planned - start) / 1e6 / events);

      // Phase 2: every first manager reports its new cluster; the joins are planned (managers one at a time,
      // workers in parallel): one manager join and all worker joins per swarm, each token sealed for its host.
      long joinsExpected = (long) swarms * ((managersPerSwarm > 1 ? 1 : 0) + (perSwarm - managersPerSwarm));
      long phase2 = System.nanoTime();
      for (AuditEvent init : audit.of(AuditKind.COMMAND_ISSUED, "init")) {
        String cluster = "cluster-" + init.getSwarmId();
        SwarmOutcome outcome = new SwarmOutcome(cluster, "node-" + init.getHostId(), NodeRole.MANAGER,
            new SealedJoinTokens(keys.sealForOrchestrator(Agents.workerToken(cluster),
                SealingContext.joinToken(cluster, "worker")), keys.sealForOrchestrator(Agents.managerToken(cluster),
                SealingContext.joinToken(cluster, "manager"))), List.of("10.0.0.1:2377"));
        CommandResult result = CommandResult.newBuilder().setCommandId(init.getCommandId())
            .setHostId(init.getHostId()).setStatus(CommandStatus.SUCCEEDED).setCompletedAt(Instant.now())
            .setOutcome(outcome).build();
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        byte[] bytes = avro.serialize(Topics.AGENT_RESULTS, headers, result);
        io.netboxswarm.contracts.wire.RecordSignatures.sign(io.netboxswarm.sealing.RecordSigner.of(
            SealingContext.hostRecipient(init.getHostId()), hostSigningKeyset), Topics.AGENT_RESULTS, headers, bytes);
        results.send(new ProducerRecord<>(Topics.AGENT_RESULTS, null, String.valueOf(init.getHostId()), bytes,
            headers));
      }
      results.flush();
      awaitIssued(audit, "join", joinsExpected);
      long joined = System.nanoTime();
      System.out.printf(Locale.ROOT, "init results: %d; every join planned and sent after %.2f s (%d joins)%n",
          swarms, (joined - phase2) / 1e9, audit.of(AuditKind.COMMAND_ISSUED, "join").size());
      System.out.printf(Locale.ROOT, "  per result: %.3f ms, per join: %.3f ms%n",
          (joined - phase2) / 1e6 / swarms, (joined - phase2) / 1e6 / joinsExpected);
    } finally {
      audit.close();
      orchestrator.close();
      if (logs != null) {
        logs.detach();
        System.out.println("log events: " + logs.report());
      }
      try {
        // The orchestrator has stopped: none of its transactions is open, both isolation levels read to one end.
        System.out.println(ExactlyOnceCheck.report(broker.clientProperties("admin"), registry));
      } catch (RuntimeException e) {
        e.printStackTrace(); // the round's own failure, if any, is what propagates
      }
      broker.close();
    }
  }

  private static NetboxEvent snapshot(ObjectType type, long id, Object after, Instant at) {
    return NetboxEvent.newBuilder().setEventId("resync-" + type + "-" + id).setKind(EventKind.SNAPSHOT)
        .setObjectType(type).setObjectId(id).setOccurredAt(at).setUser("resync").setAfter(after).build();
  }

  private static void send(KafkaProducer<String, SpecificRecord> producer, NetboxEvent event) {
    producer.send(new ProducerRecord<>(Topics.NETBOX_EVENTS,
        Topics.objectKey(event.getObjectType().name().toLowerCase(Locale.ROOT), event.getObjectId()), event));
  }

  /** Waits until the audit (each command is audited in the transaction that sends it) shows that many. */
  private static void awaitIssued(AuditTap audit, String step, long expected) throws InterruptedException {
    long lastCount = -1;
    long lastChange = System.nanoTime();
    long count;
    while ((count = audit.of(AuditKind.COMMAND_ISSUED, step).size()) < expected) {
      if (count != lastCount) {
        lastCount = count;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > Duration.ofSeconds(120).toNanos()) {
        throw new IllegalStateException("stuck at " + count + " of " + expected + " " + step + " commands");
      }
      Thread.sleep(100);
    }
  }
}
