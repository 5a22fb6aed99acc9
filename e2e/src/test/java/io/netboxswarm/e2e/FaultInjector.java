package io.netboxswarm.e2e;

import io.netboxswarm.testkit.docker.Engine;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import io.netboxswarm.testkit.registry.ApicurioRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Crashes one part of the system at a time at seeded moments, and starts it again after a seeded down time. The
 * schedule (which part, when, for how long) follows from the seed alone, so a failing seed replays the same
 * faults; what the system happened to be doing at that moment may differ a little from run to run.
 */
final class FaultInjector implements AutoCloseable {

  /** One fault as it happened, for the run's log. */
  record Injected(long atMillis, Fault fault, String target, long downMillis) {
  }

  private final SplittableRandom random;
  private final KafkaBroker broker;
  private final ApicurioRegistry registry;
  private final NetboxSwarmSystem system;
  private final List<Engine> engines;
  private final long meanGapMillis;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<Injected> injected = Collections.synchronizedList(new ArrayList<>());
  private final long startedAt = System.currentTimeMillis();
  private Thread thread;
  private volatile RuntimeException failure;

  FaultInjector(long seed, KafkaBroker broker, ApicurioRegistry registry, NetboxSwarmSystem system,
      List<Engine> engines, long meanGapMillis) {
    // SplittableRandom mixes its seed: neighbouring seeds give unrelated schedules (java.util.Random's do not).
    this.random = new SplittableRandom(seed);
    this.broker = broker;
    this.registry = registry;
    this.system = system;
    this.engines = engines;
    this.meanGapMillis = meanGapMillis;
  }

  FaultInjector start() {
    thread = new Thread(this::run, "fault-injector");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  private void run() {
    try {
      while (stopped.getCount() > 0) {
        long gap = (long) (-Math.log(1 - random.nextDouble()) * meanGapMillis);
        Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
        int host = 1 + random.nextInt(engines.size());
        long down = 500 + random.nextInt(4500);
        if (!pause(gap)) {
          return;
        }
        inject(fault, host, down);
      }
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  private void inject(Fault fault, int host, long downMillis) {
    String target = switch (fault) {
      case AGENT -> "host-agent-" + host;
      case ENGINE -> "engine-" + host;
      default -> fault.name().toLowerCase(java.util.Locale.ROOT);
    };
    injected.add(new Injected(System.currentTimeMillis() - startedAt, fault, target, downMillis));
    switch (fault) {
      case BROKER -> broker.kill();
      case REGISTRY -> registry.kill();
      case ORCHESTRATOR -> system.orchestrator().kill();
      case AGENT -> system.agent(host).kill();
      case ENGINE -> engines.get(host - 1).kill();
    }
    // Whatever happens, the part comes back: the run ends with every part up.
    awaitQuietly(downMillis);
    switch (fault) {
      case BROKER -> broker.restart();
      case REGISTRY -> registry.restart();
      case ORCHESTRATOR -> system.orchestrator().start();
      case AGENT -> system.agent(host).start();
      case ENGINE -> engines.get(host - 1).start();
    }
  }

  /** Stops injecting; returns once the fault under way (if any) has been repaired. */
  @Override
  public void close() {
    stopped.countDown();
    if (thread != null) {
      try {
        thread.join(120_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failure != null) {
      throw new IllegalStateException("the fault injector could not repair a fault", failure);
    }
  }

  List<Injected> injected() {
    synchronized (injected) {
      return List.copyOf(injected);
    }
  }

  Map<Fault, Integer> countsByKind() {
    Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
    for (Fault f : Fault.values()) {
      counts.put(f, 0);
    }
    injected().forEach(i -> counts.merge(i.fault(), 1, Integer::sum));
    return counts;
  }

  /** Waits out the gap before the next fault; false once the injector is closed. */
  private boolean pause(long millis) {
    try {
      return !stopped.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A part's down time: served in full even when the injector is closed meanwhile. */
  private static void awaitQuietly(long millis) {
    try {
      new CountDownLatch(1).await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
