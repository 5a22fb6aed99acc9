package io.netboxswarm.orchestrator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.orchestrator.commands.Outbox;
import io.netboxswarm.orchestrator.netbox.NetboxWriter;
import io.netboxswarm.orchestrator.state.HostObservation;
import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.state.World;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * The orchestrator's meters, {@code swarm_orchestrator_*} on {@code /actuator/prometheus}. The state belongs to the
 * stream thread: it hands over what happens as it happens (counters, heartbeats, latencies) and, once per tick, a
 * small summary of the pending commands and the violations; a scrape reads those and never the state itself.
 * Tags are step names and host ids only: no error text, secret or token.
 */
public final class OrchestratorMeters {

  static final String DECISIONS = "swarm.orchestrator.decisions";
  static final String SENT = "swarm.orchestrator.commands.sent";
  static final String PENDING = "swarm.orchestrator.commands.pending";
  static final String OLDEST_PENDING = "swarm.orchestrator.commands.oldest.pending";
  static final String LATENCY = "swarm.orchestrator.command.latency";
  static final String VIOLATIONS = "swarm.orchestrator.violations";
  static final String WRITEBACKS_PENDING = "swarm.orchestrator.writebacks.pending";
  static final String WRITEBACKS_FAILED = "swarm.orchestrator.writebacks.failed";
  static final String WRITER_UP = "swarm.orchestrator.writer.up";
  static final String RESTORE = "swarm.orchestrator.state.restore";
  static final String HEARTBEAT_AGE = "swarm.orchestrator.host.heartbeat.age";
  static final String STEP_AGE = "swarm.orchestrator.stream.step.age";

  /** What the last tick found: commands sent without a result yet, per step, the oldest's send, the violations. */
  record Summary(Map<Step, Integer> pending, long oldestSentAt, int violations) {
    static final Summary NONE = new Summary(Map.of(), 0, 0);
  }

  private final MeterRegistry registry;
  private final Clock clock;
  /** Held here: a gauge keeps only a weak reference to what it reads. */
  private final Supplier<NetboxWriter> writer;
  private final Counter decisions;
  private final Map<Step, Counter> sent = new EnumMap<>(Step.class);
  private final Map<Step, Timer> latency = new ConcurrentHashMap<>();
  private final Timer restore;
  /** Host id to the epoch ms of its last heartbeat, for the hosts the orchestrator knows. */
  private final Map<Long, AtomicLong> heartbeats = new ConcurrentHashMap<>();
  private final Map<Long, Meter.Id> heartbeatGauges = new ConcurrentHashMap<>();
  private volatile Summary summary = Summary.NONE;
  /** Epoch ms of the stream thread's last step (a record or a tick), or -1 while no task runs here. */
  private final AtomicLong lastStep = new AtomicLong(-1);

  /** @param writer the NetBox writer, or null while write-back is off (no NetBox URL) */
  public OrchestratorMeters(MeterRegistry registry, Supplier<NetboxWriter> writer, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.writer = writer;
    this.decisions = Counter.builder(DECISIONS)
        .description("Reconcile decisions made: a swarm planned again after an event, a result, a heartbeat or a tick")
        .register(registry);
    for (Step step : Step.values()) {
      sent.put(step, Counter.builder(SENT).tag("action", step.rule())
          .description("Commands sent to the agents, retries included").register(registry));
      Gauge.builder(PENDING, this, m -> m.summary.pending().getOrDefault(step, 0)).tag("action", step.rule())
          .description("Commands sent whose result has not come yet").register(registry);
    }
    Gauge.builder(OLDEST_PENDING, this, OrchestratorMeters::oldestPendingSeconds).baseUnit("seconds")
        .description("Age of the oldest command sent whose result has not come yet; 0 when there is none")
        .register(registry);
    Gauge.builder(VIOLATIONS, this, m -> m.summary.violations())
        .description("Rule violations in force, summed over the swarms").register(registry);
    Gauge.builder(WRITER_UP, writer, w -> writerUp(w.get()))
        .description("1 while the NetBox writer runs and NetBox takes its token (or write-back is off), else 0")
        .register(registry);
    Gauge.builder(WRITEBACKS_PENDING, writer, w -> w.get() == null ? 0 : w.get().pending())
        .description("Write-backs waiting for the NetBox writer: not fetched yet, or held up by one NetBox does not take")
        .register(registry);
    FunctionCounter.builder(WRITEBACKS_FAILED, writer, w -> w.get() == null ? 0 : w.get().failed())
        .description("Write-backs NetBox never took: refused, dead-lettered, or turned down by NetBox (4xx)")
        .register(registry);
    Gauge.builder(STEP_AGE, this, OrchestratorMeters::stepAgeSeconds).baseUnit("seconds")
        .description("Seconds since the stream thread last began a record or ran its one-second tick, while this "
            + "instance runs the task (0 otherwise): above a few seconds, the orchestrator is stuck")
        .register(registry);
    this.restore = Timer.builder(RESTORE)
        .description("Time Kafka Streams took to restore the orchestrator's state stores from their changelogs")
        .register(registry);
  }

  /** Meters that go nowhere, where no registry is wanted (a test's topology). */
  public static OrchestratorMeters unregistered() {
    return new OrchestratorMeters(new SimpleMeterRegistry(), () -> null, Clock.systemUTC());
  }

  /** The same fact as the writer's health indicator: down when stopped or while NetBox refuses its token. */
  static int writerUp(NetboxWriter writer) {
    return writer == null || writer.running() && !writer.tokenRefused() ? 1 : 0;
  }

  /** What one record or tick made the orchestrator decide and send (called once its step went through). */
  public void recorded(Outbox out, World world) {
    decisions.increment(out.decisions());
    for (HostCommand command : out.commands()) {
      TrackedCommand tracked = world.commands.get(command.getCommandId());
      if (tracked != null && tracked.step != null) {
        sent.get(tracked.step).increment();
      }
    }
  }

  /** A result settled a command sent at {@code sentAt} (epoch ms). */
  public void answered(Step step, long sentAt, Instant now) {
    latency.computeIfAbsent(step, s -> Timer.builder(LATENCY).tag("action", s.rule())
            .description("From a command's sending to its result's arrival").publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(50)).maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry))
        .record(Math.max(0, now.toEpochMilli() - sentAt), TimeUnit.MILLISECONDS);
  }

  /**
   * A host's agent reported. Only the hosts {@link #refresh} watches count: a host it has not seen yet is watched
   * from the next tick on, and the agent of a host NetBox deleted is not watched again.
   */
  public void heartbeat(long hostId, Instant at) {
    AtomicLong last = heartbeats.get(hostId);
    if (last != null) {
      last.set(at.toEpochMilli());
    }
  }

  /**
   * Once per tick (and when the state is loaded): the pending commands (the index of pending commands, not every
   * command), the violations of each swarm, and which hosts are watched for heartbeats. A host the orchestrator
   * knows but has not heard from since it started counts from now: an agent that died meanwhile shows as silent.
   */
  public void refresh(World world, Instant now) {
    int violations = 0;
    for (SwarmProgress progress : world.progress.values()) {
      for (SwarmProgress.Finding finding : progress.inForce) {
        violations += finding.kind() == AuditKind.VIOLATION ? 1 : 0;
      }
    }
    summary = pendingOf(world, violations);
    for (HostObservation observed : world.observations.values()) {
      if (known(world, observed.hostId()) && !heartbeats.containsKey(observed.hostId())) {
        watch(observed.hostId(), now.toEpochMilli());
      }
    }
    heartbeats.keySet().removeIf(hostId -> {
      if (known(world, hostId)) {
        return false;
      }
      registry.remove(heartbeatGauges.remove(hostId));
      return true;
    });
  }

  /**
   * A tick that changed nothing but time: only the pending commands are counted again (the index of pending
   * commands, so the work is proportional to what is pending), the violations and watched hosts stay as they were.
   */
  public void refreshPending(World world) {
    summary = pendingOf(world, summary.violations());
  }

  private static Summary pendingOf(World world, int violations) {
    Map<Step, Integer> pending = new EnumMap<>(Step.class);
    long[] oldest = {0};
    world.forEachCommandDue(TrackedCommand.Status.PENDING, Long.MAX_VALUE, command -> {
      pending.merge(command.step, 1, Integer::sum);
      oldest[0] = oldest[0] == 0 ? command.issuedAt : Math.min(oldest[0], command.issuedAt);
      return true;
    });
    return new Summary(Collections.unmodifiableMap(pending), oldest[0], violations);
  }

  /**
   * The stream thread took a step: a record begun, or its tick (every second, busy or not). A thread stuck in a step
   * stops these, and nothing else says so: Kafka Streams still reports RUNNING until the consumer's poll interval
   * (5 minutes) runs out, and a chaos run saw a stall outlast it.
   */
  public void stepped() {
    lastStep.set(clock.millis());
  }

  double stepAgeSeconds() {
    long last = lastStep.get();
    return last < 0 ? 0 : Math.max(0, clock.millis() - last) / 1000.0;
  }

  /** The stream task left this instance (stopped, or moved to another): nothing here is current any more. */
  public void released() {
    lastStep.set(-1);
    summary = Summary.NONE;
    heartbeatGauges.values().forEach(registry::remove);
    heartbeatGauges.clear();
    heartbeats.clear();
  }

  /** Times each restore of the state from the changelogs, from its first store's start to its last one's end. */
  public StateRestoreListener restores() {
    return new StateRestores(restore);
  }

  /** A host NetBox still has, as a Host or in a Swarm: one it deleted is no longer watched. */
  private static boolean known(World world, long hostId) {
    return world.hosts.get(hostId) != null || world.claims.get(hostId) != null;
  }

  private void watch(long hostId, long at) {
    AtomicLong last = new AtomicLong(at);
    heartbeats.put(hostId, last);
    heartbeatGauges.put(hostId, Gauge.builder(HEARTBEAT_AGE, last,
            l -> Math.max(0, clock.millis() - l.get()) / 1000.0)
        .tag("host", String.valueOf(hostId)).baseUnit("seconds")
        .description("Seconds since the host's agent last sent a heartbeat (since the start, if none since)")
        .register(registry).getId());
  }

  private double oldestPendingSeconds() {
    long oldest = summary.oldestSentAt();
    return oldest == 0 ? 0 : Math.max(0, clock.millis() - oldest) / 1000.0;
  }
}
