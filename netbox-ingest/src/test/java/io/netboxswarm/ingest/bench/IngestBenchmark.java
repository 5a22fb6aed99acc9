package io.netboxswarm.ingest.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netboxswarm.ingest.Fixture;
import io.netboxswarm.ingest.IngestApplication;
import io.netboxswarm.ingest.Signatures;
import io.netboxswarm.ingest.TestKeys;
import io.netboxswarm.security.KafkaAcls;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Starts the ingest against a fresh local KRaft broker and the Apicurio registry, then sends signed fixtures (every
 * one a distinct NetBox change) from {@code concurrency} client threads with java.net.http for {@code seconds}, and
 * prints accepted webhooks per second and the latency percentiles. Client, ingest, broker and registry share the
 * machine's cores: the figures are for all of them together.
 *
 * <p>Arguments: {@code [concurrency=32] [seconds=20] [warmupSeconds=10]}.
 */
public final class IngestBenchmark {

  public static void main(String[] args) throws Exception {
    int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;

    // -Dbench.bootstrap=host:port uses a broker already running (scripts/kafka.sh); else one starts in this JVM
    String external = System.getProperty("bench.bootstrap", "");
    KafkaBroker broker = external.isBlank() ? KafkaBroker.start() : null;
    String bootstrap = broker != null ? broker.bootstrapServers() : external;
    String registry = Platform.registry().url();
    // The in-JVM broker is secured: the ingest connects as its principal. An external one takes the
    // spring.kafka.* settings as system properties (-Dspring.kafka.security.protocol=SSL ...).
    List<String> security = broker == null ? List.of() : broker.springKafkaProperties("ingest").entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    ConfigurableApplicationContext ingest = new SpringApplication(IngestApplication.class).run(java.util.stream.Stream.concat(
        security.stream(), java.util.stream.Stream.of(
        "--server.port=0",
        "--management.server.port=0",
        "--netbox-swarm.ingest.webhook.max-age=3650d", // the fixtures' timestamps are months old
        "--spring.kafka.bootstrap-servers=" + bootstrap,
        "--netbox-swarm.registry-url=" + registry,
        "--netbox-swarm.ingest.sealing.orchestrator-public-keyset-file=" + TestKeys.orchestratorPublicKeysetFile(),
        "--netbox-swarm.ingest.webhook.secret=" + Fixture.SECRET,
        "--logging.level.root=WARN")).toArray(String[]::new));
    int port = ((WebServerApplicationContext) ingest).getWebServer().getPort();
    URI endpoint = URI.create("http://127.0.0.1:" + port + "/webhooks/netbox");
    try {
      List<Signed> bodies = bodies(20_000);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      System.out.printf("warming up for %d s at concurrency %d ...%n", warmup, concurrency);
      run(http, endpoint, bodies, concurrency, warmup);
      System.out.printf("measuring for %d s at concurrency %d ...%n", seconds, concurrency);
      MeterRegistry meters = ingest.getBean(MeterRegistry.class);
      Snapshot kafkaBefore = Snapshot.of(meters.find("netbox.ingest.publish.latency").timers());
      Snapshot serverBefore = Snapshot.of(meters.find("http.server.requests").tag("uri", "/webhooks/netbox").timers());
      var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
          .getOperatingSystemMXBean();
      // -Dbench.jfr=file.jfr records the measuring window (JFR's "profile" settings)
      String jfr = System.getProperty("bench.jfr", "");
      jdk.jfr.Recording recording = jfr.isBlank() ? null
          : new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
      if (recording != null) {
        recording.start();
      }
      long cpuBefore = os.getProcessCpuTime();
      ThreadCpu threadsBefore = ThreadCpu.now();
      Result result = run(http, endpoint, bodies, concurrency, seconds);
      double cpuMillisPerWebhook = (os.getProcessCpuTime() - cpuBefore) / 1e6 / Math.max(1, result.accepted);
      Map<String, Double> cpuByRole = ThreadCpu.now().millisPer(threadsBefore, result.accepted);
      if (recording != null) {
        recording.stop();
        recording.dump(java.nio.file.Path.of(jfr));
        recording.close();
      }
      int recordBytes = (int) producerMetric(ingest, "record-size-avg");
      Snapshot kafka = Snapshot.of(meters.find("netbox.ingest.publish.latency").timers()).minus(kafkaBefore);
      Snapshot server = Snapshot.of(meters.find("http.server.requests").tag("uri", "/webhooks/netbox").timers())
          .minus(serverBefore);
      long[] latencies = result.latenciesMicros;
      Arrays.sort(latencies);
      System.out.println("------------------------------------------------------------");
      System.out.printf("netbox-ingest benchmark: acks=all, idempotent, concurrency %d, %d s, %d cores%n",
          concurrency, seconds, Runtime.getRuntime().availableProcessors());
      System.out.printf("accepted (202): %d  other answers: %s%n", result.accepted, result.others);
      System.out.printf("throughput: %.0f webhooks/s%n", result.accepted / result.elapsedSeconds);
      System.out.printf("latency: p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n", pct(latencies, 0.50),
          pct(latencies, 0.90), pct(latencies, 0.99), latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1000.0);
      System.out.printf("where the time goes (means): in the ingest %.2f ms per request, of which waiting for"
          + " Kafka's ack %.2f ms; outside the ingest (client, sockets, queueing for a CPU) %.2f ms%n",
          server.meanMillis(), kafka.meanMillis(),
          Arrays.stream(latencies).average().orElse(0) / 1000.0 - server.meanMillis());
      System.out.printf("CPU of this JVM (client + ingest%s): %.3f ms per accepted webhook, i.e. at most %.0f/s on"
          + " %d cores for this JVM alone%n", broker != null ? " + broker" : "", cpuMillisPerWebhook,
          Runtime.getRuntime().availableProcessors() * 1000 / cpuMillisPerWebhook,
          Runtime.getRuntime().availableProcessors());
      System.out.println("  of which, ms per webhook: " + String.join(", ", cpuByRole.entrySet().stream()
          .map(e -> String.format("%s %.3f", e.getKey(), e.getValue())).toList()));
      System.out.printf("broker: %s; load average at the end: %s%n", broker != null ? "in this JVM (testkit)"
          : "external " + external, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
          .getSystemLoadAverage());
      // The anchor: a plain producer on the same broker, once the ingest is idle (its threads wait for requests)
      int anchorSeconds = Math.min(seconds, 10);
      ProducerAnchor anchor = new ProducerAnchor(broker != null ? broker.clientProperties(KafkaAcls.ADMIN)
          : Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), recordBytes, 1);
      ProducerAnchor.Figures pipelined = anchor.pipelined(anchorSeconds);
      ProducerAnchor.Figures waiting = anchor.waiting(concurrency, anchorSeconds);
      double throughput = result.accepted / result.elapsedSeconds;
      System.out.printf("anchor, plain producer of %d-byte records (the ingest's mean), acks=all, idempotent,"
          + " linger.ms=1, %d s each:%n", recordBytes, anchorSeconds);
      System.out.printf("  sent without waiting: %.0f records/s; the ingest reaches %.1f %% of it%n",
          pipelined.perSecond(), 100 * throughput / pipelined.perSecond());
      System.out.printf("  %d threads each waiting for its ack (the ingest's shape): %.0f records/s, mean ack"
          + " %.2f ms; the ingest reaches %.1f %% of it%n", concurrency, waiting.perSecond(),
          waiting.meanAckMillis(), 100 * throughput / waiting.perSecond());
      System.out.println("------------------------------------------------------------");
    } finally {
      ingest.close();
      if (broker != null) {
        broker.close();
      }
      System.exit(0);
    }
  }

  /** A metric of the ingest's producer, e.g. record-size-avg (0 when absent). */
  @SuppressWarnings("unchecked")
  static double producerMetric(ConfigurableApplicationContext ingest, String name) {
    var metrics = ingest.getBean(org.springframework.kafka.core.KafkaTemplate.class).metrics();
    return ((Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric>) metrics).entrySet()
        .stream().filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).findFirst().orElse(0);
  }

  /** Count and total time of a set of timers, to take the measuring window's share. */
  record Snapshot(long count, double totalMillis) {
    static Snapshot of(java.util.Collection<Timer> timers) {
      return new Snapshot(timers.stream().mapToLong(Timer::count).sum(),
          timers.stream().mapToDouble(t -> t.totalTime(TimeUnit.MILLISECONDS)).sum());
    }

    Snapshot minus(Snapshot earlier) {
      return new Snapshot(count - earlier.count, totalMillis - earlier.totalMillis);
    }

    double meanMillis() {
      return count == 0 ? 0 : totalMillis / count;
    }
  }

  record Signed(byte[] body, String signature, String method) {
  }

  record Result(long accepted, Map<Integer, Long> others, double elapsedSeconds, long[] latenciesMicros) {
  }

  /** Distinct changes: each fixture with a fresh request id, signed ahead so the client spends little CPU. */
  static List<Signed> bodies(int count) {
    JsonMapper json = JsonMapper.builder().build();
    List<Fixture> fixtures = Fixture.all();
    List<Signed> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Fixture fixture = fixtures.get(i % fixtures.size());
      ObjectNode body = (ObjectNode) json.readTree(fixture.wire());
      body.put("request_id", UUID.randomUUID().toString());
      byte[] bytes = json.writeValueAsBytes(body);
      out.add(new Signed(bytes, Signatures.sign(bytes), fixture.method()));
    }
    return out;
  }

  static Result run(HttpClient http, URI endpoint, List<Signed> bodies, int concurrency, int seconds)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    AtomicInteger next = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    Map<Integer, Long> others = new ConcurrentHashMap<>();
    List<long[]> perThread = new java.util.concurrent.CopyOnWriteArrayList<>();
    int[] counts = new int[concurrency];
    CountDownLatch done = new CountDownLatch(concurrency);
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      perThread.add(new long[16_384]);
      int index = t;
      Thread thread = new Thread(() -> {
        try {
          while (System.nanoTime() < end) {
            Signed signed = bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size()));
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("X-Hook-Signature", signed.signature())
                .method(signed.method(), HttpRequest.BodyPublishers.ofByteArray(signed.body())).build();
            long sent = System.nanoTime();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            long micros = (System.nanoTime() - sent) / 1000;
            if (response.statusCode() == 202) {
              accepted.incrementAndGet();
              long[] mine = perThread.get(index);
              if (counts[index] == mine.length) {
                mine = Arrays.copyOf(mine, mine.length * 2);
                perThread.set(index, mine);
              }
              mine[counts[index]++] = micros;
            } else {
              others.merge(response.statusCode(), 1L, Long::sum);
            }
          }
        } catch (Exception e) {
          others.merge(-1, 1L, Long::sum);
        } finally {
          done.countDown();
        }
      }, "bench-client-" + t);
      thread.start();
    }
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < concurrency; t++) {
      System.arraycopy(perThread.get(t), 0, all, at, counts[t]);
      at += counts[t];
    }
    return new Result(accepted.get(), others, elapsed, all);
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1000.0;
  }
}
