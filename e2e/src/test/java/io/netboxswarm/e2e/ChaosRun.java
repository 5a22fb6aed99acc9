package io.netboxswarm.e2e;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.testkit.RuntimeDirs;
import io.netboxswarm.testkit.docker.Engines;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import io.netboxswarm.testkit.kafka.TopicScan;
import io.netboxswarm.testkit.netbox.Webhook;
import io.netboxswarm.testkit.registry.ApicurioRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One seeded chaos run: the whole system on its own broker (a process) and registry (schemas kept in a file),
 * the {@link ChaosScenario}'s webhooks delivered while a {@link FaultInjector} crashes parts of it, then, with
 * every part up again: convergence to NetBox's desired state, and the invariants.
 */
final class ChaosRun {

  /** How long faults go on at least, from the first webhook. */
  private static final Duration CHAOS = Duration.ofSeconds(Long.getLong("chaos.seconds", 45));
  private static final Duration CONVERGE = Duration.ofMinutes(5);
  private static final long MEAN_FAULT_GAP_MILLIS = 3_000;

  private ChaosRun() {
  }

  static ChaosOutcome run(long seed, Engines engines, Path logRoot) throws Exception {
    engines.resetSwarms();
    Path logs = Files.createDirectories(logRoot.resolve("seed-" + seed));
    Path storage = Files.createTempDirectory("nbs-chaos-registry");
    KafkaBroker broker = KafkaBroker.startProcess(logs.resolve("kafka.log"));
    ApicurioRegistry registry = ApicurioRegistry.startPersistent(RuntimeDirs.apicurioServer(),
        RuntimeDirs.registryJava(), logs.resolve("registry.log"), storage);
    ChaosScenario scenario = new ChaosScenario(engines);
    List<String> violations = new ArrayList<>();
    AtomicInteger refused = new AtomicInteger();
    try (NetboxSwarmSystem system = new NetboxSwarmSystem(engines, broker, registry.url(), logs).start()) {
      long started = System.nanoTime();
      FaultInjector faults = new FaultInjector(seed, broker, registry, system, engines.all(), MEAN_FAULT_GAP_MILLIS)
          .start();
      SplittableRandom pace = new SplittableRandom(~seed);
      try {
        for (Webhook webhook : scenario.webhooks(system.webhooks)) {
          deliver(system, webhook, refused, violations);
          pause(500 + pace.nextInt(3500));
        }
        pause(Math.max(0, CHAOS.toMillis() - (System.nanoTime() - started) / 1_000_000));
      } finally {
        faults.close();
      }
      for (JavaProcess program : system.programs()) {
        // A part must ride out its dependencies' outages, not exit: nothing here restarts it as a supervisor would.
        if (!program.alive()) {
          violations.add(program + " exited by itself: " + program.tail().lines().reduce((a, b) -> b).orElse(""));
          program.start();
        }
      }
      long calm = System.nanoTime();
      boolean converged = converge(scenario, system, engines, violations);
      long convergeMillis = (System.nanoTime() - calm) / 1_000_000;
      if (converged) {
        checkInvariants(system, engines, scenario, logs, violations);
      } else {
        keepStatus(system, logs);
        keepEngines(engines, logs);
        // Seed 647985: the orchestrator's stream thread stopped polling at the first webhook, with nothing in its
        // log; its stacks say where the next such run is stuck.
        system.programs().forEach(JavaProcess::dumpThreads);
      }
      return new ChaosOutcome(seed, faults.countsByKind(), converged, convergeMillis, refused.get(), violations,
          faults.injected());
    } finally {
      registry.close();
      TemporaryFiles.deleteQuietly(storage);
    }
  }

  /**
   * NetBox sends a webhook once; a 5xx (Kafka away) is what an operator sees in NetBox's webhook log, and sends
   * again. A 4xx would be the system refusing a valid change: a violation.
   */
  private static void deliver(NetboxSwarmSystem system, Webhook webhook, AtomicInteger refused,
      List<String> violations) {
    URI url = URI.create(system.ingestUrl("/webhooks/netbox"));
    AtomicReference<String> last = new AtomicReference<>();
    try {
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        var response = webhook.send(url);
        if (response.statusCode() == 202) {
          return true;
        }
        last.set(response.statusCode() + " " + response.body());
        if (response.statusCode() / 100 == 4) {
          violations.add("webhook '" + webhook.description() + "' refused: " + last.get());
          return true;
        }
        refused.incrementAndGet();
        return false;
      });
    } catch (ConditionTimeoutException e) {
      violations.add("webhook '" + webhook.description() + "' never accepted: " + last.get());
    }
  }

  /** The engines as NetBox wants them, and NetBox told what they became (the write-back is part of the outcome). */
  private static boolean converge(ChaosScenario scenario, NetboxSwarmSystem system, Engines engines,
      List<String> violations) {
    AtomicReference<List<String>> last = new AtomicReference<>(List.of());
    try {
      await().atMost(CONVERGE).pollInterval(Duration.ofSeconds(2)).until(() -> {
        List<String> wrong = new ArrayList<>(scenario.mismatches());
        if (wrong.isEmpty()) {
          String clusterId;
          try (DockerClient e1 = engines.engine(1).client()) {
            clusterId = e1.inspectSwarmCmd().exec().getId();
          } catch (RuntimeException notYet) {
            last.set(List.of("engine 1 does not answer yet: " + notYet.getMessage()));
            return false;
          }
          if (system.netbox.requests("PATCH", "/api/plugins/docker/swarms/" + ChaosScenario.SWARM_ID + "/").stream()
              .noneMatch(r -> clusterId.equals(r.body().path("SwarmID").asString()))) {
            wrong.add("NetBox has not got the swarm's cluster id " + clusterId);
          }
        }
        last.set(wrong);
        return wrong.isEmpty();
      });
      return true;
    } catch (ConditionTimeoutException e) {
      violations.add("not converged within " + CONVERGE + ": " + last.get());
      return false;
    }
  }

  /** What the orchestrator believed when the run did not converge: the first thing to read when a seed fails. */
  private static void keepStatus(NetboxSwarmSystem system, Path logs) {
    try {
      Files.writeString(logs.resolve("swarm-status.json"),
          system.swarmStatus(ChaosScenario.SWARM_ID).toPrettyString());
    } catch (IOException | RuntimeException | AssertionError e) {
      System.err.println("orchestrator status not kept: " + e);
    }
  }

  /**
   * What each engine says of its swarm when a run did not converge (membership, nodes, services, secrets, tasks,
   * containers), and each engine's log: beside the orchestrator's belief, they tell which side is wrong. Names and
   * ids only, never a secret's data.
   */
  private static void keepEngines(Engines engines, Path logs) {
    StringBuilder view = new StringBuilder();
    for (var engine : engines.all()) {
      view.append("== ").append(engine.name()).append(' ').append(engine.address()).append('\n');
      try (DockerClient docker = engine.client()) {
        var swarm = docker.infoCmd().exec().getSwarm();
        view.append("swarm: ").append(swarm == null ? "none" : swarm.getLocalNodeState() + " node "
            + swarm.getNodeID() + " manager " + swarm.getControlAvailable() + " error '" + swarm.getError() + "'")
            .append('\n');
        if (swarm != null && Boolean.TRUE.equals(swarm.getControlAvailable())) {
          docker.listSwarmNodesCmd().exec().forEach(n -> view.append("node ").append(n.getId()).append(' ')
              .append(n.getDescription().getHostname()).append(' ')
              .append(n.getStatus() == null ? "?" : n.getStatus().getState()).append('\n'));
          docker.listServicesCmd().exec().forEach(sv -> view.append("service ").append(sv.getSpec().getName())
              .append(' ').append(sv.getId()).append('\n'));
          docker.listSecretsCmd().exec().forEach(sc -> view.append("secret ").append(sc.getSpec().getName())
              .append(' ').append(sc.getId()).append('\n'));
          docker.listTasksCmd().exec().forEach(t -> view.append("task ").append(t.getId()).append(" node ")
              .append(t.getNodeId()).append(' ').append(t.getStatus() == null ? "?" : t.getStatus().getState())
              .append(" desired ").append(t.getDesiredState()).append('\n'));
        }
        // Created and started, to the nanosecond: beside the engine's log, whether a task's container was made
        // before an engine crash and started after it.
        docker.listContainersCmd().withShowAll(true).exec().forEach(c -> {
          var state = docker.inspectContainerCmd(c.getId()).exec();
          view.append("container ").append(c.getId(), 0, 12).append(' ').append(String.join(",", c.getNames()))
              .append(' ').append(c.getState()).append(' ').append(c.getStatus()).append(" created ")
              .append(state.getCreated()).append(" started ").append(state.getState().getStartedAt()).append('\n');
        });
      } catch (IOException | RuntimeException e) {
        view.append("does not answer: ").append(e).append('\n');
      }
      // The engine's own log, every start of it (engines.sh appends on a restart on kept data).
      try {
        if (Files.isRegularFile(engine.log())) {
          Files.copy(engine.log(), logs.resolve(engine.name() + "-dockerd.log"), StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        view.append("its log not kept: ").append(e).append('\n');
      }
    }
    try {
      Files.writeString(logs.resolve("engines.txt"), view);
    } catch (IOException e) {
      System.err.println("engines' view not kept: " + e);
    }
  }

  private static void checkInvariants(NetboxSwarmSystem system, Engines engines, ChaosScenario scenario, Path logs,
      List<String> violations) throws Exception {
    String clusterId;
    List<String> clear = new ArrayList<>(List.of(scenario.firstSecretText, scenario.secretText));
    try (DockerClient e1 = engines.engine(1).client()) {
      var swarm = e1.inspectSwarmCmd().exec();
      clusterId = swarm.getId();
      clear.add(swarm.getJoinTokens().getWorker());
      clear.add(swarm.getJoinTokens().getManager());
    }
    Set<String> clusters = Records.all(system.broker.clientProperties("admin"), system.registryUrl,
            Topics.AGENT_RESULTS, CommandResult.class).stream()
        .filter(r -> r.getOutcome() instanceof SwarmOutcome)
        .map(r -> ((SwarmOutcome) r.getOutcome()).getClusterId()).filter(id -> !id.isBlank())
        .collect(Collectors.toSet());
    if (!clusters.equals(Set.of(clusterId))) {
      violations.add("clusters reported for swarm " + ChaosScenario.SWARM_ID + ": " + clusters + ", not only "
          + clusterId + " (a second cluster was initialised)");
    }
    List<String> needles = new ArrayList<>(clear);
    clear.forEach(c -> needles.add(Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8))));
    try {
      TopicScan.assertNoneContains(system.broker.clientProperties("admin"), needles);
    } catch (AssertionError e) {
      violations.add("in clear on a topic: " + e.getMessage());
    }
    for (Path root : List.of(logs, system.dir())) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          byte[] bytes = Files.readAllBytes(file);
          for (int i = 0; i < needles.size(); i++) {
            if (TopicScan.contains(bytes, needles.get(i).getBytes(StandardCharsets.UTF_8))) {
              violations.add("value #" + i + " of the scan in clear in " + file);
            }
          }
        }
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
