package io.netboxswarm.agent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.docker.DockerEngines;
import io.netboxswarm.testkit.docker.Engines;

/**
 * Measures the shipped agent: starts {@code host-agent/target/host-agent.jar} as its own JVM the way its image
 * does (the flags in {@code host-agent/agent.jvm-flags} and the class-data archive the build made next to the jar)
 * against a real broker, registry and engine, and prints the time from process start to its first heartbeat on the
 * topic and its resident memory once idle.
 *
 * <p>The very first agent on a new broker and registry also pays for the cluster's first producer id and the
 * registration of the heartbeat schema, which every later start on that cluster finds done; that start is printed
 * on its own, then a start as every other host and every restart sees it is measured.
 *
 * <p>Run: {@code scripts/agent-lightness.sh}. {@code -Dlightness.variants="A|B"} measures each set of extra JVM
 * flags (and {@code NAME=value} environment variables) after the shipped ones; a set with
 * {@code -XX:NativeMemoryTracking=summary} also prints where the memory goes. Run by another JVM (its {@code java.home}
 * starts the agent), {@code -Dlightness.archive=FLAG} gives that JVM's class archive instead of the shipped one.
 */
public final class Lightness {

  private static final Duration IDLE = Duration.ofSeconds(15); // two heartbeats later, no command

  private final KafkaConsumer<String, Object> heartbeats;
  private final List<String> shipped;
  private final Path jar;
  private final Map<String, String> environment;

  private Lightness(KafkaConsumer<String, Object> heartbeats, List<String> shipped, Path jar,
      Map<String, String> environment) {
    this.heartbeats = heartbeats;
    this.shipped = shipped;
    this.jar = jar;
    this.environment = environment;
  }

  public static void main(String[] args) throws Exception {
    Path project = io.netboxswarm.testkit.RuntimeDirs.projectDir();
    Path jar = project.resolve("host-agent/target/host-agent.jar");
    Path archive = jar.resolveSibling("host-agent.jsa");
    // Another JVM needs its own archive: -Dlightness.archive="-XX:AOTCache=FILE" (Java 25's, made with
    // -XX:AOTCacheOutput) replaces the shipped one and the -Xshare setting, which that flag refuses.
    String archiveFlag = System.getProperty("lightness.archive", "-XX:SharedArchiveFile=" + archive);
    if (archiveFlag.startsWith("-XX:SharedArchiveFile=") && !Files.isRegularFile(archive)) {
      throw new IllegalStateException(archive + " is missing: build host-agent first (./mvnw -pl host-agent package)");
    }
    List<String> shipped = new ArrayList<>(Files.readAllLines(project.resolve("host-agent/agent.jvm-flags")));
    if (!archiveFlag.startsWith("-XX:SharedArchiveFile=")) {
      shipped.removeIf(flag -> flag.startsWith("-Xshare:"));
    }
    shipped.add(archiveFlag);
    Engines engines = DockerEngines.engines();
    Path keys = Files.createTempDirectory("lightness-keys");
    KeyGenerator.generate("orchestrator", keys);
    KeyGenerator.generate("host-1", keys);
    String registry = Platform.registry().url();
    Map<String, String> environment = Platform.broker().agentSettings(1, Map.of(
        "NETBOX_SWARM_AGENT_HOST_ID", "1", "NETBOX_SWARM_REGISTRY_URL", registry,
        "DOCKER_HOST", engines.engine(1).dockerHost(),
        "NETBOX_SWARM_AGENT_KEYSET_FILE", keys.resolve("host-1.private.json").toString(),
        "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE", keys.resolve("orchestrator.public.json").toString(),
        "NETBOX_SWARM_AGENT_HEARTBEAT_INTERVAL", "10s"));

    Map<String, Object> c = new HashMap<>(WireFormat.consumerProperties(registry));
    c.putAll(Platform.broker().clientProperties("admin"));
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "lightness-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(List.of(Topics.AGENT_HEARTBEATS));
      while (consumer.assignment().isEmpty()) {
        consumer.poll(Duration.ofMillis(100));
      }
      Lightness lightness = new Lightness(consumer, shipped, jar, environment);
      System.out.printf("agent JVM flags: %s%n", String.join(" ", shipped));
      System.out.printf("first agent on a new broker and registry: first heartbeat after %d ms%n",
          lightness.firstStart());
      for (String variant : System.getProperty("lightness.variants", "").split("\\|", -1)) {
        lightness.measure(variant.isBlank() ? List.of() : List.of(variant.trim().split("\\s+")));
      }
    }
    System.exit(0);
  }

  /** An agent process and when it was started, by the wall clock (heartbeats carry it) and the monotonic one. */
  private record Run(Process process, Instant startedAt, long startNanos) {
  }

  private long firstStart() throws Exception {
    Run agent = start(List.of());
    try {
      return firstHeartbeatMillis(agent);
    } finally {
      stop(agent.process());
    }
  }

  /**
   * Starts the agent {@code lightness.starts} times (default 5): start times on two shared cores spread widely, so
   * each is printed and their median is the figure; the resident memory is read on the last, once idle.
   */
  private void measure(List<String> extra) throws Exception {
    int starts = Integer.getInteger("lightness.starts", 5);
    List<Long> times = new ArrayList<>();
    if (!extra.isEmpty()) {
      System.out.printf("with %s:%n", String.join(" ", extra));
    }
    for (int i = 1; i < starts; i++) {
      Run run = start(extra);
      try {
        times.add(firstHeartbeatMillis(run));
      } finally {
        stop(run.process());
      }
    }
    Run run = start(extra);
    Process agent = run.process();
    try {
      times.add(firstHeartbeatMillis(run));
      Thread.sleep(IDLE.toMillis());
      List<Long> sorted = times.stream().sorted().toList();
      System.out.printf("time from start to first heartbeat: median %d ms of %d starts %s (target < 2000 ms)%n",
          sorted.get(sorted.size() / 2), times.size(), times);
      System.out.printf("idle resident memory (VmRSS): %.1f MB (target < 96 MB)%n", rssKb(agent) / 1024.0);
      if (extra.stream().anyMatch(f -> f.startsWith("-XX:NativeMemoryTracking"))) {
        for (String diagnostic : List.of("VM.native_memory summary", "GC.run", "GC.heap_info")) {
          System.out.print(jcmd(agent, diagnostic));
        }
      }
    } finally {
      stop(agent);
    }
  }

  private Run start(List<String> extra) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(shipped);
    Map<String, String> env = new HashMap<>(environment);
    env.put("NETBOX_SWARM_AGENT_STATE_DIR", Files.createTempDirectory("lightness-state").toString());
    for (String token : extra) {
      if (token.startsWith("-")) {
        command.add(token);
      } else { // NAME=value: an environment variable, such as MALLOC_ARENA_MAX=2
        env.put(token.substring(0, token.indexOf('=')), token.substring(token.indexOf('=') + 1));
      }
    }
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(Files.createTempFile("agent", ".log").toFile());
    builder.environment().putAll(env);
    Instant startedAt = Instant.now();
    long startNanos = System.nanoTime();
    return new Run(builder.start(), startedAt, startNanos);
  }

  /** From the process start to its first heartbeat on the topic; an earlier run's heartbeats do not count. */
  private long firstHeartbeatMillis(Run agent) {
    while (System.nanoTime() - agent.startNanos() < Duration.ofSeconds(60).toNanos()) {
      for (var record : heartbeats.poll(Duration.ofMillis(20))) {
        if (record.value() instanceof Heartbeat h && h.getHostId() == 1
            && !h.getObservedAt().isBefore(agent.startedAt())) {
          return (System.nanoTime() - agent.startNanos()) / 1_000_000;
        }
      }
    }
    throw new IllegalStateException("no heartbeat within 60 s");
  }

  private static long rssKb(Process agent) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + agent.pid() + "/status")).stream()
        .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
        .findFirst().orElseThrow();
  }

  private static String jcmd(Process agent, String command) throws IOException {
    List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        String.valueOf(agent.pid())));
    line.addAll(List.of(command.split(" ")));
    return new String(new ProcessBuilder(line).redirectErrorStream(true).start().getInputStream().readAllBytes());
  }

  private static void stop(Process agent) throws InterruptedException {
    agent.destroy();
    agent.waitFor();
  }
}
