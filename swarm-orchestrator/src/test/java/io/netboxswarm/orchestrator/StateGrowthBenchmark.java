package io.netboxswarm.orchestrator;

import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.ServiceOutcome;
import io.netboxswarm.orchestrator.commands.CommandSettings;
import io.netboxswarm.orchestrator.commands.Outbox;
import io.netboxswarm.orchestrator.state.Retention;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.state.World;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.Random;

/**
 * Whether the orchestrator's state and its 1 s tick stay flat as commands pile up: the reconciler in this JVM (a
 * World over an in-memory store, each record handled then flushed, as the processor does; no broker), on a clock
 * that moves one second per tick. Each second NetBox changes a few containers of {@code swarms} one-manager swarms
 * (one service update each) and now and then replaces one (a delete, a tombstone, a create); the agents answer a
 * second later, except that some never answer (retried after the deadline) and some fail retryably (retried after
 * the back-off). Every 10,000 commands it prints the commands retained, the heap used after a full GC and the tick
 * time.
 *
 * <p>Arguments: {@code [commands=100000] [only]}; {@code only=known} skips it (that one is OrchestratorBenchmark's).
 */
public final class StateGrowthBenchmark {

  private static final int CONTAINERS_PER_SWARM = 10;
  private static final int CHANGES_PER_SECOND = 4;
  private static final int REPLACE_EVERY = 50;
  private static final double NO_ANSWER = 0.02;
  private static final double RETRYABLE_FAILURE = 0.03;

  private record Answer(long at, HostCommand command, boolean fail) {
  }

  private final InProcessOrchestrator orchestrator;
  private final int swarms;
  private final Random random = new Random(15);
  private final Deque<Answer> answers = new ArrayDeque<>();
  /** Commands sent a first time (a retry is the same command sent again); a count, not a set that would grow. */
  private int issued;
  private final long[] containers;
  private long nextContainer;
  private long changes;

  private StateGrowthBenchmark(int swarms, Retention retention) {
    this.swarms = swarms;
    this.orchestrator = new InProcessOrchestrator(CommandSettings.defaults(), retention,
        Instant.parse("2026-12-01T00:00:00Z"));
    this.containers = new long[swarms * CONTAINERS_PER_SWARM];
  }

  public static void main(String[] args) {
    int commands = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0]) : 100_000;
    if (args.length > 1 && "known".equals(args[1])) {
      return;
    }
    int swarms = 20;
    Retention retention = new Retention(Retention.defaults().settledCommands(), Duration.ofMinutes(30),
        Retention.defaults().batch());
    System.out.printf(Locale.ROOT, "%n== state growth: %,d commands to %d one-manager swarms of %d services,"
            + " %d changes a (simulated) second, one tick a second;%n   %.0f %% never answered, %.0f %% failed"
            + " retryably; settled commands kept %d min after their deadline, tombstones %d min%n", commands,
        swarms, CONTAINERS_PER_SWARM, CHANGES_PER_SECOND, NO_ANSWER * 100, RETRYABLE_FAILURE * 100,
        retention.settledCommands().toMinutes(), retention.tombstones().toMinutes());
    System.out.printf(Locale.ROOT, "%9s %9s %6s %10s %9s %8s %12s %12s %9s%n", "commands", "retained", "open",
        "tombstones", "rows", "heap MB", "tick mean µs", "tick p99 µs", "wall s");
    new StateGrowthBenchmark(swarms, retention).run(commands);
  }

  private void run(int commands) {
    long start = System.nanoTime();
    for (long swarm = 1; swarm <= swarms; swarm++) {
      send(orchestrator.event(orchestrator.swarm(swarm, swarm, null)));
    }
    long[] ticks = new long[4096];
    int tickCount = 0;
    int report = 10_000;
    while (issued < commands) {
      orchestrator.advance(Duration.ofSeconds(1));
      for (int i = 0; i < CHANGES_PER_SECOND; i++) {
        change();
      }
      answerDue();
      long before = System.nanoTime();
      Outbox tick = orchestrator.tick();
      long took = System.nanoTime() - before;
      if (tickCount == ticks.length) {
        ticks = Arrays.copyOf(ticks, ticks.length * 2);
      }
      ticks[tickCount++] = took;
      send(tick);
      if (issued >= report) {
        print(issued, Arrays.copyOf(ticks, tickCount), start);
        tickCount = 0;
        report += 10_000;
      }
    }
  }

  /** NetBox changes one container; every so often it replaces one with a new container instead. */
  private void change() {
    int slot = random.nextInt(containers.length);
    long swarm = slot / CONTAINERS_PER_SWARM + 1;
    if (containers[slot] == 0) {
      return; // its swarm is not formed yet
    }
    changes++;
    if (changes % REPLACE_EVERY == 0) {
      send(orchestrator.event(orchestrator.containerDeleted(containers[slot])));
      containers[slot] = ++nextContainer;
    }
    send(orchestrator.event(orchestrator.container(containers[slot], swarm, "v" + changes)));
  }

  private void send(Outbox out) {
    for (HostCommand command : out.commands()) {
      if (orchestrator.world().commands.get(command.getCommandId()).attempts == 1) {
        issued++;
      }
      double dice = random.nextDouble();
      if (dice >= NO_ANSWER) {
        answers.add(new Answer(orchestrator.now().plusSeconds(1).toEpochMilli(), command,
            dice < NO_ANSWER + RETRYABLE_FAILURE));
      }
    }
  }

  private void answerDue() {
    while (!answers.isEmpty() && answers.peekFirst().at() <= orchestrator.now().toEpochMilli()) {
      Answer answer = answers.pollFirst();
      HostCommand command = answer.command();
      CommandResult result;
      if (answer.fail()) {
        result = orchestrator.failed(command, true);
      } else if (command.getAction() instanceof InitSwarm) {
        result = orchestrator.initialized(command);
        long swarm = command.getSwarmId();
        for (int i = 0; i < CONTAINERS_PER_SWARM; i++) {
          containers[(int) (swarm - 1) * CONTAINERS_PER_SWARM + i] = ++nextContainer;
        }
      } else {
        result = orchestrator.succeeded(command, command.getAction() instanceof CreateService
            ? new ServiceOutcome("svc-" + command.getCommandId()) : null);
      }
      send(orchestrator.result(result));
    }
  }

  private void print(int commands, long[] ticks, long start) {
    System.gc();
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    Arrays.sort(ticks);
    double mean = Arrays.stream(ticks).average().orElse(0) / 1e3;
    double p99 = ticks.length == 0 ? 0 : ticks[Math.min(ticks.length - 1, (int) Math.ceil(ticks.length * 0.99) - 1)]
        / 1e3;
    World world = orchestrator.world();
    int open = world.commandsIn(TrackedCommand.Status.PENDING) + world.commandsIn(TrackedCommand.Status.RETRY_WAIT)
        + world.commandsIn(TrackedCommand.Status.RETRY_DUE);
    System.out.printf(Locale.ROOT, "%9d %9d %6d %10d %9d %8.1f %12.1f %12.1f %9.1f%n", commands,
        world.commands.size(), open, world.tombstones(), orchestrator.store.rows.size(), heap / 1048576.0, mean, p99,
        (System.nanoTime() - start) / 1e9);
  }
}
