package io.netboxswarm.orchestrator;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.command.CreateSecret;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Secret;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.util.FileSystemUtils;

/**
 * How long one decision takes, end to end through the real broker and registry (issue #17's "orchestrator hop"): a
 * Swarm created in NetBox, as netbox-ingest publishes it, until its init command is visible to the manager's agent
 * (a {@code read_committed} consumer, as the agent is); the init's result until the workers see their joins; then a
 * Secret created on the formed swarm until its CreateSecret is visible (the formation benchmark's "one step"). One
 * swarm at a time, at uneven intervals, on hosts whose command topics exist; the first rounds warm the JVM and are not
 * counted.
 *
 * <p>Prints each part of the hop from the records' own clocks (everything runs in this JVM): event on Kafka → the
 * command's {@code issuedAt} (the input's fetch and the decision), → visible to the agent (the transaction's commit
 * and the fetch). The anchor, on the same broker in the same run: a transactional record sent and committed until a
 * {@code read_committed} consumer sees it, which is the least a hop under exactly-once costs; the orchestrator's hop
 * holds one such commit (two before the inbox topic went).
 *
 * <p>Arguments: {@code [rounds=40]}; {@code -Dbench.streams=<setting>=<value>,...} adds Kafka Streams settings, to
 * weigh them (e.g. {@code -Dbench.streams=max.task.idle.ms=-1}).
 */
public final class DecisionLatencyBenchmark {

  private static final int WARMUP = 5;
  /** The formation benchmark's swarm: 1 manager and 4 workers. */
  private static final int NODES = 5;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0]) : 40;
    int status = 1;
    try {
      run(rounds);
      status = 0;
    } catch (Exception | AssertionError e) {
      e.printStackTrace();
    } finally {
      System.exit(status); // the in-JVM broker's threads would keep a failed run alive
    }
  }

  private static void run(int rounds) throws Exception {
    String registry = Platform.registry().url();
    KafkaBroker broker = KafkaBroker.start();
    Path dir = Files.createTempDirectory("decision-latency");
    long[] hostIds = LongStream.rangeClosed(1, (long) (WARMUP + rounds) * NODES).toArray();
    Keys keys = new Keys(dir.resolve("keys"), hostIds);
    Map<String, Object> settings = OrchestratorRun.settings(broker, registry, "decision-latency", dir.resolve("state"),
        keys, null);
    List<NewTopic> topics = new ArrayList<>();
    for (long host : hostIds) {
      topics.add(new NewTopic(Topics.commandsFor(host), Optional.of(1), Optional.empty()));
    }
    topics.add(new NewTopic("latency.anchor", Optional.of(1), Optional.empty()));
    try (var admin = broker.admin()) {
      admin.createTopics(topics).all().get();
    }
    settings.put("netbox-swarm.orchestrator.commands.deadline", "10m");
    settings.put("logging.level.root", "WARN");
    for (String setting : System.getProperty("bench.streams", "").split(",")) {
      if (!setting.isBlank()) {
        String[] nameValue = setting.split("=", 2);
        settings.put("spring.cloud.stream.kafka.streams.binder.configuration." + nameValue[0].trim(),
            nameValue[1].trim());
        System.out.println("Kafka Streams setting: " + setting.trim());
      }
    }
    OrchestratorRun orchestrator = OrchestratorRun.start(settings);

    Map<String, Object> p = new HashMap<>(WireFormat.producerProperties(registry));
    p.putAll(broker.clientProperties("admin"));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    Map<String, Object> c = new HashMap<>(WireFormat.consumerProperties(registry));
    c.putAll(broker.clientProperties("admin"));
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5); // this reader's own wait out of the figures
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<Hop> inits = new ArrayList<>();
    List<Hop> joins = new ArrayList<>();
    List<Hop> secrets = new ArrayList<>();
    List<Long> anchors = new ArrayList<>();
    SplittableRandom pace = new SplittableRandom(17);
    double idleCpu;
    CommitProfile measuredFrom = null;
    CommitProfile measuredTo;
    try (KafkaProducer<String, SpecificRecord> events = new KafkaProducer<>(p);
        CommandReader agents = new CommandReader(c, hostIds);
        Agents agentSide = new Agents(broker.clientProperties("admin"), registry, keys);
        Anchor anchor = new Anchor(broker)) {
      for (long host : hostIds) {
        // An idle engine, reporting the address the init advertises (the Swarm has no advertise_addr).
        agentSide.idle(host, address(host));
      }
      for (int round = 0; round < WARMUP + rounds; round++) {
        if (round == WARMUP) {
          measuredFrom = CommitProfile.now();
        }
        long manager = round * NODES + 1;
        List<Long> workers = LongStream.range(manager + 1, manager + NODES).boxed().toList();
        long swarm = 100 + round;
        String cluster = "cluster-" + swarm;
        // 1. A Swarm created in NetBox: the first manager's init.
        long sent = events.send(event(ObjectType.SWARM, swarm, Events.swarm(swarm, List.of(manager), workers)))
            .get().timestamp();
        HostCommand init = agents.await(manager, InitSwarm.class);
        Hop initHop = Hop.of(sent, init, System.currentTimeMillis());
        // 2. The init's result (the cluster and its join tokens): every worker's join, in one decision.
        long answered = System.currentTimeMillis();
        agentSide.succeed(init, agentSide.managerOutcome(cluster, "node-" + manager,
            List.of(address(manager) + ":2377")));
        List<HostCommand> workerJoins = new ArrayList<>();
        for (long worker : workers) {
          workerJoins.add(agents.await(worker, JoinSwarm.class));
        }
        Hop joinHop = Hop.of(answered, workerJoins.get(0), System.currentTimeMillis());
        for (HostCommand join : workerJoins) {
          agentSide.succeed(join, agentSide.workerOutcome(cluster, "node-" + join.getHostId(),
              List.of(address(manager) + ":2377")));
        }
        Thread.sleep(200 + pace.nextInt(400)); // the formation benchmark's CLI secret, in between
        // 3. One step on the formed swarm: a Secret created in NetBox, until the manager's agent has its CreateSecret.
        long secretId = 1000 + round;
        sent = events.send(event(ObjectType.SECRET, secretId, Secret.newBuilder().setId(secretId).setSwarm(swarm)
            .setName("secret-" + secretId).setData(keys.sealForOrchestrator("s3cret-" + secretId,
                SealingContext.netboxSecret(secretId))).build())).get().timestamp();
        HostCommand create = agents.await(manager, CreateSecret.class);
        Hop secretHop = Hop.of(sent, create, System.currentTimeMillis());
        agentSide.succeed(create, null); // answered, so that nothing is retried while the idle CPU is measured
        if (Boolean.getBoolean("bench.verbose")) {
          System.out.printf(Locale.ROOT, "round %d (epoch ms): secret event %d, CreateSecret issued %d, seen %d%n",
              round, sent, create.getIssuedAt().toEpochMilli(), System.currentTimeMillis());
        }
        if (round >= WARMUP) {
          inits.add(initHop);
          joins.add(joinHop);
          secrets.add(secretHop);
          anchors.add(anchor.hop());
        }
        Thread.sleep(200 + pace.nextInt(600));
      }
      measuredTo = CommitProfile.now();
      idleCpu = streamThreadCpuWhileIdle();
    } finally {
      orchestrator.close();
      broker.close();
      FileSystemUtils.deleteRecursively(dir); // the keysets, private keys among them
    }
    System.out.printf(Locale.ROOT, "%nthe stream thread while idle (agents and NetBox silent for 10 s): %.1f ms of CPU"
        + " a second%n", idleCpu);
    System.out.printf(Locale.ROOT, "%ndecision latency, %d swarms of %d after %d warm-up rounds (ms: p50 / p90 / max)%n",
        inits.size(), NODES, WARMUP);
    System.out.println("anchor, one transactional hop:      " + stats(anchors));
    report("a Swarm created -> its init", inits, anchors);
    report("the init's result -> the workers' joins (the first issued, the last seen)", joins, anchors);
    report("a Secret created on the formed swarm -> its CreateSecret", secrets, anchors);
    System.out.println("the orchestrator's commits while measured: " + measuredTo.since(measuredFrom));
  }

  /** What the Streams thread costs with nothing to do: its poll loop, the ticks and the empty commits. */
  private static double streamThreadCpuWhileIdle() throws InterruptedException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long id = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().contains("StreamThread"))
        .findFirst().orElseThrow(() -> new IllegalStateException("no Kafka Streams thread")).getId();
    Thread.sleep(2_000); // the last round's commits and write-backs settle
    long before = threads.getThreadCpuTime(id);
    Thread.sleep(10_000);
    return (threads.getThreadCpuTime(id) - before) / 1e6 / 10;
  }

  private static String address(long host) {
    return "10.0." + host / 250 + "." + host % 250;
  }

  private static void report(String what, List<Hop> hops, List<Long> anchors) {
    System.out.println(what);
    System.out.println("  input on Kafka -> command issued:   " + stats(hops.stream().map(Hop::toIssued).toList()));
    System.out.println("  command issued -> agent sees it:    " + stats(hops.stream().map(Hop::toVisible).toList()));
    List<Long> total = hops.stream().map(h -> h.toIssued() + h.toVisible()).toList();
    System.out.println("  input on Kafka -> agent sees it:    " + stats(total));
    System.out.printf(Locale.ROOT, "  ratio of medians to the transactional hop: %.1fx%n",
        percentile(sorted(total), 50) / percentile(sorted(anchors), 50));
  }

  private static String stats(List<Long> values) {
    long[] sorted = sorted(values);
    return String.format(Locale.ROOT, "%5.0f / %5.0f / %5d", percentile(sorted, 50), percentile(sorted, 90),
        sorted[sorted.length - 1]);
  }

  private static long[] sorted(List<Long> values) {
    return values.stream().mapToLong(v -> v).sorted().toArray();
  }

  private static double percentile(long[] sorted, int p) {
    return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static ProducerRecord<String, SpecificRecord> event(ObjectType type, long id, Object after) {
    NetboxEvent event = NetboxEvent.newBuilder().setEventId("evt-" + UUID.randomUUID()).setKind(EventKind.CREATED)
        .setObjectType(type).setObjectId(id).setOccurredAt(Instant.now()).setUser("admin")
        .setRequestId(UUID.randomUUID().toString()).setAfter(after).build();
    return new ProducerRecord<>(Topics.NETBOX_EVENTS, Topics.objectKey(type.name().toLowerCase(Locale.ROOT), id),
        event);
  }

  /** One decision's hop, in milliseconds: its input on Kafka → the command's issuedAt → the agent sees it. */
  private record Hop(long toIssued, long toVisible) {

    static Hop of(long inputAt, HostCommand command, long seenAt) {
      long issued = command.getIssuedAt().toEpochMilli();
      return new Hop(issued - inputAt, seenAt - issued);
    }
  }

  /** The agents' side: every host's command topic, read as an agent reads it; commands kept until asked for. */
  private static final class CommandReader implements AutoCloseable {

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final List<HostCommand> unclaimed = new ArrayList<>();

    CommandReader(Map<String, Object> config, long[] hosts) {
      consumer = new KafkaConsumer<>(config);
      List<TopicPartition> partitions = new ArrayList<>();
      for (long host : hosts) {
        partitions.add(new TopicPartition(Topics.commandsFor(host), 0));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    HostCommand await(long host, Class<?> action) {
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      do {
        for (var it = unclaimed.iterator(); it.hasNext(); ) {
          HostCommand command = it.next();
          if (command.getHostId() == host && action.isInstance(command.getAction())) {
            it.remove();
            return command;
          }
        }
        for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.value() instanceof HostCommand command) {
            unclaimed.add(command);
          }
        }
      } while (System.nanoTime() < until);
      throw new AssertionError("no " + action.getSimpleName() + " for host " + host + " within 60 s");
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  /** Kafka alone: one record sent in a transaction and committed, until a read_committed consumer sees it. */
  private static final class Anchor implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final LongSupplier clock = System::currentTimeMillis;

    Anchor(KafkaBroker broker) {
      Map<String, Object> p = new HashMap<>(broker.clientProperties("admin"));
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "latency-anchor");
      producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
      producer.initTransactions();
      Map<String, Object> c = new HashMap<>(broker.clientProperties("admin"));
      c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
      consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
      TopicPartition partition = new TopicPartition("latency.anchor", 0);
      consumer.assign(List.of(partition));
      consumer.seekToEnd(List.of(partition));
      consumer.position(partition);
    }

    long hop() {
      long start = clock.getAsLong();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("latency.anchor", "k", String.valueOf(start)));
      producer.commitTransaction();
      while (true) {
        for (var r : consumer.poll(Duration.ofMillis(100))) {
          if (r.value().equals(String.valueOf(start))) {
            return clock.getAsLong() - start;
          }
        }
      }
    }

    @Override
    public void close() {
      producer.close();
      consumer.close();
    }
  }
}
