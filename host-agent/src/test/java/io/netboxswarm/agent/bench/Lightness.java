package io.netboxswarm.agent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Measures the shipped agent: starts {@code host-agent/target/host-agent.jar} as its own JVM with the flags it
 * ships with ({@code host-agent/agent.jvm-flags}) against a real broker, registry and engine, and prints the time
 * from process start to its first heartbeat on the topic and its resident memory once idle.
 * Run: {@code scripts/agent-lightness.sh}.
 */
public final class Lightness {

  public static void main(String[] args) throws Exception {
    Path project = io.netboxswarm.testkit.RuntimeDirs.projectDir();
    Path jar = project.resolve("host-agent/target/host-agent.jar");
    Path flags = project.resolve("host-agent/agent.jvm-flags");
    Engines engines = DockerEngines.engines();
    Path keys = Files.createTempDirectory("lightness-keys");
    KeyGenerator.generate("orchestrator", keys);
    KeyGenerator.generate("host-1", keys);
    String bootstrap = Platform.broker().bootstrapServers();
    String registry = Platform.registry().url();
    Platform.broker().createTopics(Topics.AGENT_HEARTBEATS, Topics.AGENT_RESULTS, Topics.commandsFor(1));

    Map<String, Object> c = new HashMap<>(WireFormat.consumerProperties(registry));
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "lightness-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(List.of(Topics.AGENT_HEARTBEATS));
      while (consumer.assignment().isEmpty()) {
        consumer.poll(Duration.ofMillis(100));
      }
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "@" + flags));
      command.addAll(List.of("-jar", jar.toString()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(Files.createTempFile("agent", ".log").toFile());
      builder.environment().putAll(Map.of(
          "NBS_HOST_ID", "1", "NBS_BOOTSTRAP_SERVERS", bootstrap, "NBS_REGISTRY_URL", registry,
          "DOCKER_HOST", engines.engine(1).dockerHost(),
          "NBS_AGENT_KEYSET", keys.resolve("host-1.private.json").toString(),
          "NBS_ORCHESTRATOR_PUBLIC_KEYSET", keys.resolve("orchestrator.public.json").toString(),
          "NBS_STATE_DIR", Files.createTempDirectory("lightness-state").toString(),
          "NBS_HEARTBEAT_INTERVAL", "10s"));
      long start = System.nanoTime();
      Process agent = builder.start();
      try {
        Heartbeat first = null;
        while (first == null && System.nanoTime() - start < Duration.ofSeconds(60).toNanos()) {
          for (var record : consumer.poll(Duration.ofMillis(20))) {
            if (record.value() instanceof Heartbeat h && h.getHostId() == 1) {
              first = h;
            }
          }
        }
        long firstHeartbeatMillis = (System.nanoTime() - start) / 1_000_000;
        if (first == null) {
          throw new IllegalStateException("no heartbeat within 60 s");
        }
        Thread.sleep(15_000); // idle: two heartbeats later, no command
        long rssKb = Files.readAllLines(Path.of("/proc/" + agent.pid() + "/status")).stream()
            .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
            .findFirst().orElseThrow();
        System.out.printf("agent JVM flags: %s%n", String.join(" ", Files.readAllLines(flags)));
        System.out.printf("time from start to first heartbeat: %d ms (target < 2000 ms)%n", firstHeartbeatMillis);
        System.out.printf("idle resident memory (VmRSS): %.1f MB (target < 96 MB)%n", rssKb / 1024.0);
      } finally {
        agent.destroy();
        agent.waitFor();
      }
    }
    System.exit(0);
  }
}
