package io.netboxswarm.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeState;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.command.CreateSecret;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.testkit.RuntimeDirs;
import io.netboxswarm.testkit.docker.DockerEngines;
import io.netboxswarm.testkit.docker.Engine;
import io.netboxswarm.testkit.docker.Engines;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import io.netboxswarm.testkit.netbox.NetboxObjects.Secret;
import io.netboxswarm.testkit.netbox.NetboxObjects.Swarm;
import io.netboxswarm.testkit.registry.ApicurioRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * Issue #17's formation measure: a swarm of one manager and N-1 workers on N real engines, from the Swarm webhook
 * to every node Ready on the manager, beside the same formation made with the docker CLI on the same engines in the
 * same run ({@code swarm init}, then the N-1 joins in parallel) and their ratio. Each round forms the CLI's swarm,
 * takes it down, then forms the project's (a new Swarm in NetBox each round) and takes it down. On the project's
 * swarm, each round also measures one step: a Secret webhook until the manager lists the secret, beside
 * {@code docker secret create} of the same bytes until the manager lists that one.
 *
 * <pre>scripts/formation-bench.sh [--rounds 3]      (root; 5 engines)</pre>
 */
public final class FormationBenchmark {

  private static final Duration LIMIT = Duration.ofMinutes(3);

  private FormationBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int rounds = 3;
    for (int i = 0; i < args.length; i++) {
      if ("--rounds".equals(args[i])) {
        rounds = Integer.parseInt(args[++i]);
      } else {
        throw new IllegalArgumentException("usage: formation-bench.sh [--rounds N]; got " + args[i]);
      }
    }
    Engines engines = DockerEngines.engines();
    int size = engines.all().size();
    Path logs = Files.createDirectories(Path.of("target", "bench-logs").toAbsolutePath());
    Path storage = Files.createTempDirectory("nbs-bench-registry");
    engines.resetSwarms();
    List<Double> project = new ArrayList<>();
    List<Double> cli = new ArrayList<>();
    List<Double> secretProject = new ArrayList<>();
    List<Double> secretCli = new ArrayList<>();
    try (KafkaBroker broker = KafkaBroker.startProcess(logs.resolve("kafka.log"));
        ApicurioRegistry registry = ApicurioRegistry.startPersistent(RuntimeDirs.apicurioServer(),
            RuntimeDirs.registryJava(), logs.resolve("registry.log"), storage);
        NetboxSwarmSystem system = new NetboxSwarmSystem(engines, broker, registry.url(), logs).start();
        CommandVisibility visibility = new CommandVisibility(broker.clientProperties("admin"), registry.url(),
            Topics.commandsFor(1))) {
      for (int round = 1; round <= rounds; round++) {
        double byCli = cliFormation(engines);
        takeDown(engines);
        ProjectRound bySystem = projectFormation(system, visibility, engines, 100 + round);
        cli.add(byCli);
        project.add(bySystem.formation());
        secretProject.add(bySystem.secret());
        secretCli.add(bySystem.secretByCli());
        System.out.printf("round %d: netbox-swarm %.2f s, docker CLI %.2f s, ratio %.2f; one secret: netbox-swarm "
            + "%.3f s, docker CLI %.3f s, ratio %.2f%n", round, bySystem.formation(), byCli,
            bySystem.formation() / byCli, bySystem.secret(), bySystem.secretByCli(),
            bySystem.secret() / bySystem.secretByCli());
      }
    } finally {
      engines.resetSwarms();
    }
    double p = mean(project);
    double c = mean(cli);
    System.out.printf("%d-node swarm (1 manager + %d workers), webhook sent -> %d nodes Ready: netbox-swarm mean "
        + "%.2f s %s; docker CLI (init + %d parallel joins) mean %.2f s %s; ratio %.2f%n", size, size - 1, size, p,
        project, size - 1, c, cli, p / c);
    if (rounds > 1) {
      // The first round is cold on both sides (fresh engines, new topics, the JIT): the warm rounds apart.
      double pw = mean(project.subList(1, rounds));
      double cw = mean(cli.subList(1, rounds));
      System.out.printf("warm rounds (2-%d): netbox-swarm mean %.2f s, docker CLI mean %.2f s, ratio %.2f%n", rounds,
          pw, cw, pw / cw);
    }
    double sp = mean(secretProject);
    double sc = mean(secretCli);
    System.out.printf("one step, a Secret webhook sent -> the manager lists it: netbox-swarm mean %.3f s %s; docker "
        + "secret create mean %.3f s %s; ratio %.2f%n", sp, secretProject, sc, secretCli, sp / sc);
  }

  /** A round of the project: its formation, then one secret by webhook and one by the docker CLI, in seconds. */
  private record ProjectRound(double formation, double secret, double secretByCli) {
  }

  /** The anchor: what the docker CLI takes on the same engines, polled the same way. */
  private static double cliFormation(Engines engines) throws Exception {
    Engine manager = engines.engine(1);
    long start = System.nanoTime();
    manager.cli(new byte[0], LIMIT, "swarm", "init", "--advertise-addr", manager.address());
    String token = manager.cli(new byte[0], LIMIT, "swarm", "join-token", "-q", "worker").strip();
    List<Process> joins = new ArrayList<>();
    for (Engine worker : engines.all().subList(1, engines.all().size())) {
      joins.add(new ProcessBuilder("docker", "-H", worker.dockerHost(), "swarm", "join", "--token", token,
          manager.address() + ":2377").redirectErrorStream(true).start());
    }
    for (Process join : joins) {
      if (!join.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS) || join.exitValue() != 0) {
        throw new IllegalStateException("docker swarm join failed: "
            + new String(join.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    awaitReady(manager, engines.all().size(), start);
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * The project: the Swarm webhook, then every node Ready; one secret each way on that swarm; then the Swarm
   * deleted and the engines left.
   */
  private static ProjectRound projectFormation(NetboxSwarmSystem system, CommandVisibility visibility,
      Engines engines, long swarmId) throws Exception {
    Engine manager = engines.engine(1);
    List<Long> workers = LongStream.rangeClosed(2, engines.all().size()).boxed().toList();
    Swarm swarm = new Swarm(swarmId, "bench-" + swarmId, manager.address() + ":2377", List.of(1L), workers);
    long start = System.nanoTime();
    system.deliver(system.webhooks.swarmCreated(swarm));
    awaitReady(manager, engines.all().size(), start);
    double seconds = (System.nanoTime() - start) / 1e9;

    byte[] data = ("bench secret " + swarmId).getBytes(StandardCharsets.UTF_8);
    long cliStart = System.nanoTime();
    manager.cli(data, LIMIT, "secret", "create", "bench-cli-" + swarmId, "-");
    awaitSecret(manager, "bench-cli-" + swarmId, cliStart);
    double secretByCli = (System.nanoTime() - cliStart) / 1e9;
    visibility.follow(); // the manager's command topic exists now
    long secretStart = System.nanoTime();
    long sentAt = System.currentTimeMillis();
    system.deliver(system.webhooks.secretCreated(new Secret(swarmId, swarmId, "bench-" + swarmId, data), swarm));
    awaitSecret(manager, "bench-" + swarmId, secretStart);
    double secret = (System.nanoTime() - secretStart) / 1e9;
    printHops(system, visibility, swarmId, "bench-" + swarmId, sentAt, sentAt + Math.round(secret * 1000));
    // Deleting a Swarm in NetBox leaves its cluster running (the orchestrator does not tear down on a deletion):
    // the engines are taken out of it here. Pacing between measures, not a measure.
    system.deliver(system.webhooks.swarmDeleted(swarm));
    takeDown(engines);
    return new ProjectRound(seconds, secret, secretByCli);
  }

  /** Every engine out of its swarm, and the agents given two heartbeats (2 s apart here) to report them free. */
  private static void takeDown(Engines engines) throws InterruptedException {
    engines.resetSwarms();
    Thread.sleep(5_000);
  }

  private static void awaitReady(Engine manager, int nodes, long start) throws Exception {
    try (DockerClient docker = manager.client()) {
      while (true) {
        try {
          List<SwarmNode> listed = docker.listSwarmNodesCmd().exec();
          if (listed.size() == nodes && listed.stream().allMatch(n -> n.getStatus() != null
              && n.getStatus().getState() == SwarmNodeState.READY)) {
            return;
          }
        } catch (RuntimeException notAManagerYet) {
          // before init, the engine refuses the node list
        }
        if (System.nanoTime() - start > LIMIT.toNanos()) {
          throw new IllegalStateException("the swarm did not reach " + nodes + " Ready nodes within " + LIMIT);
        }
        // A measuring loop, not a test's wait: 20 ms is the resolution of both figures alike.
        Thread.sleep(20);
      }
    }
  }

  /**
   * Where a secret's step went, from the records' own clocks (every process here shares one): the webhook sent →
   * its event produced by the ingest (the record's timestamp) → the orchestrator's command issued (its fetch,
   * the decision) → the command visible to a {@code read_committed} reader (the orchestrator's commit) → the agent
   * starting it (the agent's fetch and signature check: its completion less its duration) → done (the agent's
   * unsealing and the engine's create) → listed by this benchmark's poll.
   */
  private static void printHops(NetboxSwarmSystem system, CommandVisibility visibility, long secretId, String name,
      long sentAt, long listedAt) {
    var kafka = system.broker.clientProperties("admin");
    long produced = Records.stamped(kafka, system.registryUrl, Topics.NETBOX_EVENTS, NetboxEvent.class).stream()
        .filter(e -> e.value().getObjectType() == ObjectType.SECRET && e.value().getObjectId() == secretId)
        .mapToLong(Records.Stamped::timestamp).max()
        .orElseThrow(() -> new IllegalStateException("no event for secret " + secretId));
    HostCommand command = Records.all(kafka, system.registryUrl, Topics.commandsFor(1), HostCommand.class).stream()
        .filter(c -> c.getAction() instanceof CreateSecret create && name.equals(create.getName()))
        .findFirst().orElseThrow(() -> new IllegalStateException("no CreateSecret command for " + name));
    CommandResult result = Records.all(kafka, system.registryUrl, Topics.AGENT_RESULTS, CommandResult.class).stream()
        .filter(r -> r.getCommandId().equals(command.getCommandId())).findFirst()
        .orElseThrow(() -> new IllegalStateException("no result for " + command.getCommandId()));
    long issued = command.getIssuedAt().toEpochMilli();
    long done = result.getCompletedAt().toEpochMilli();
    long started = done - result.getDurationMillis();
    long visible = visibility.seenAt(command.getCommandId());
    String committed = visible < 0 ? "-> committed (not seen), -> agent starts it " + (started - issued) + " ms"
        : "-> committed " + (visible - issued) + " ms, -> agent starts it " + (started - visible) + " ms";
    System.out.printf("  secret %s: webhook -> event produced %d ms, -> command issued %d ms, %s, agent and engine %d "
        + "ms, -> listed %d ms%n", name, produced - sentAt, issued - produced, committed, done - started,
        listedAt - done);
  }

  private static void awaitSecret(Engine manager, String name, long start) throws Exception {
    try (DockerClient docker = manager.client()) {
      while (docker.listSecretsCmd().withNameFilter(List.of(name)).exec().stream()
          .noneMatch(s -> name.equals(s.getSpec().getName()))) {
        if (System.nanoTime() - start > LIMIT.toNanos()) {
          throw new IllegalStateException("the manager did not list secret " + name + " within " + LIMIT);
        }
        Thread.sleep(20); // the same resolution as the formation's
      }
    }
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
