package io.netboxswarm.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.orchestrator.commands.Outbox;
import io.netboxswarm.orchestrator.state.HostObservation;
import io.netboxswarm.orchestrator.state.HostSpec;
import io.netboxswarm.orchestrator.state.MemoryStateStore;
import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmProgress.Finding;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.state.World;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What an operator reads off the orchestrator's meters, from the state the stream thread hands over. */
@Tag("fast")
class OrchestratorMetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T10:00:00Z"));
  private final OrchestratorMeters meters = new OrchestratorMeters(registry, () -> null, clock);
  private final World world = new World(new MemoryStateStore());

  @Test
  void theStepAgeGrowsWhileTheStreamThreadTakesNoStepAndIsZeroWhereNoTaskRuns() {
    assertThat(gauge(OrchestratorMeters.STEP_AGE)).as("no task here yet (restoring, or another instance's)").isZero();

    meters.stepped();
    clock.advance(Duration.ofMillis(900));
    assertThat(gauge(OrchestratorMeters.STEP_AGE)).isEqualTo(0.9);
    meters.stepped(); // the next tick
    clock.advance(Duration.ofSeconds(75)); // then nothing: a thread stuck in a step
    assertThat(gauge(OrchestratorMeters.STEP_AGE)).isEqualTo(75);

    meters.released();
    assertThat(gauge(OrchestratorMeters.STEP_AGE)).as("the task moved away").isZero();
  }

  @Test
  void pendingCommandsAreCountedPerActionAndTheOldestIsAgedAtEachRead() {
    pending("cmd-1", Step.INIT, 3, clock.instant().minusSeconds(40));
    pending("cmd-2", Step.JOIN, 4, clock.instant().minusSeconds(10));
    pending("cmd-3", Step.JOIN, 5, clock.instant().minusSeconds(5));
    TrackedCommand done = pending("cmd-4", Step.JOIN, 6, clock.instant().minusSeconds(600));
    done.status = TrackedCommand.Status.SUCCEEDED; // answered: neither pending nor the oldest
    world.commands.put(done.commandId, done);

    meters.refresh(world, clock.instant());

    assertThat(gauge(OrchestratorMeters.PENDING, "action", "init")).isEqualTo(1);
    assertThat(gauge(OrchestratorMeters.PENDING, "action", "join")).isEqualTo(2);
    assertThat(gauge(OrchestratorMeters.PENDING, "action", "create-service")).isZero();
    assertThat(gauge(OrchestratorMeters.OLDEST_PENDING)).isEqualTo(40);
    clock.advance(Duration.ofSeconds(20)); // no tick since: a stuck stream still shows the age growing
    assertThat(gauge(OrchestratorMeters.OLDEST_PENDING)).isEqualTo(60);

    world.commands.remove("cmd-1");
    world.commands.remove("cmd-2");
    world.commands.remove("cmd-3");
    meters.refresh(world, clock.instant());
    assertThat(gauge(OrchestratorMeters.OLDEST_PENDING)).isZero();
    assertThat(gauge(OrchestratorMeters.PENDING, "action", "join")).isZero();
  }

  @Test
  void aQuietTickRecountsThePendingCommandsAndKeepsTheViolationsOfTheLastWholeRefresh() {
    progress(5, violation("last-manager"));
    meters.refresh(world, clock.instant());
    pending("cmd-1", Step.JOIN, 4, clock.instant().minusSeconds(10));
    progress(5); // changed without a record: not walked on a quiet tick

    meters.refreshPending(world);

    assertThat(gauge(OrchestratorMeters.PENDING, "action", "join")).isEqualTo(1);
    assertThat(gauge(OrchestratorMeters.OLDEST_PENDING)).isEqualTo(10);
    assertThat(gauge(OrchestratorMeters.VIOLATIONS)).isEqualTo(1);
  }

  @Test
  void violationsInForceAreSummedOverTheSwarmsAndOtherFindingsAreNot() {
    progress(5, violation("last-manager"), finding(AuditKind.DECISION, "create-secret"));
    progress(6, violation("one-swarm-per-host"), violation("manager-count"));
    meters.refresh(world, clock.instant());
    assertThat(gauge(OrchestratorMeters.VIOLATIONS)).isEqualTo(3);

    progress(6);
    meters.refresh(world, clock.instant());
    assertThat(gauge(OrchestratorMeters.VIOLATIONS)).isEqualTo(1);
  }

  @Test
  void eachKnownHostHasTheAgeOfItsLastHeartbeatUntilNetboxDeletesIt() {
    known(3);
    known(4);
    world.observations.put(9L, observed(9)); // observed once, since deleted from NetBox: not watched
    meters.refresh(world, clock.instant()); // the start: not heard from since, so counted from now
    clock.advance(Duration.ofSeconds(25));
    meters.heartbeat(4, clock.instant());
    clock.advance(Duration.ofSeconds(5));

    assertThat(gauge(OrchestratorMeters.HEARTBEAT_AGE, "host", "3")).isEqualTo(30);
    assertThat(gauge(OrchestratorMeters.HEARTBEAT_AGE, "host", "4")).isEqualTo(5);
    assertThat(registry.find(OrchestratorMeters.HEARTBEAT_AGE).tag("host", "9").gauge()).isNull();
    meters.heartbeat(9, clock.instant()); // its agent still runs: still not watched
    meters.refresh(world, clock.instant());
    assertThat(registry.find(OrchestratorMeters.HEARTBEAT_AGE).tag("host", "9").gauge()).isNull();

    world.hosts.remove(3L);
    meters.refresh(world, clock.instant());
    assertThat(registry.find(OrchestratorMeters.HEARTBEAT_AGE).tag("host", "3").gauge()).isNull();
    assertThat(gauge(OrchestratorMeters.HEARTBEAT_AGE, "host", "4")).isEqualTo(5);
  }

  @Test
  void aTaskThatLeftTheInstanceLeavesNoStaleFigures() {
    known(3);
    pending("cmd-1", Step.INIT, 3, clock.instant().minusSeconds(40));
    meters.refresh(world, clock.instant());

    meters.released();

    assertThat(registry.find(OrchestratorMeters.HEARTBEAT_AGE).gauges()).isEmpty();
    assertThat(gauge(OrchestratorMeters.OLDEST_PENDING)).isZero();
    assertThat(gauge(OrchestratorMeters.PENDING, "action", "init")).isZero();
  }

  @Test
  void decisionsAreCountedPerSwarmPlannedAndLatenciesPerAction() {
    Outbox out = new Outbox();
    out.decided();
    Outbox other = new Outbox();
    other.decided();
    out.addAll(other);
    meters.recorded(out, world);
    assertThat(registry.get(OrchestratorMeters.DECISIONS).counter().count()).isEqualTo(2);

    meters.answered(Step.JOIN, clock.millis() - 1500, clock.instant());
    var latency = registry.get(OrchestratorMeters.LATENCY).tag("action", "join").timer();
    assertThat(latency.count()).isOne();
    assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1500);
  }

  @Test
  void theWriterIsUpWhenWriteBackIsOffAsItsHealthSays() {
    assertThat(gauge(OrchestratorMeters.WRITER_UP)).isEqualTo(1);
    assertThat(gauge(OrchestratorMeters.WRITEBACKS_PENDING)).isZero();
    assertThat(registry.get(OrchestratorMeters.WRITEBACKS_FAILED).functionCounter().count()).isZero();
  }

  @Test
  void aRestoreIsTimedFromItsFirstStoreToItsLastOne() {
    StateRestoreListener restores = meters.restores();
    TopicPartition swarms = new TopicPartition("app-orchestrator-swarm-changelog", 0);
    TopicPartition commands = new TopicPartition("app-orchestrator-command-changelog", 0);
    restores.onRestoreStart(swarms, "orchestrator-swarm", 0, 10);
    restores.onRestoreStart(commands, "orchestrator-command", 0, 10);
    restores.onRestoreEnd(swarms, "orchestrator-swarm", 10);
    assertThat(registry.get(OrchestratorMeters.RESTORE).timer().count()).isZero();
    restores.onRestoreEnd(commands, "orchestrator-command", 10);
    assertThat(registry.get(OrchestratorMeters.RESTORE).timer().count()).isOne();
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  private TrackedCommand pending(String id, Step step, long host, Instant sentAt) {
    TrackedCommand command = new TrackedCommand();
    command.commandId = id;
    command.step = step;
    command.hostId = host;
    command.swarmId = 5;
    command.status = TrackedCommand.Status.PENDING;
    command.attempts = 1;
    command.issuedAt = sentAt.toEpochMilli();
    command.deadline = sentAt.plusSeconds(120).toEpochMilli();
    world.commands.put(id, command);
    return command;
  }

  private void progress(long swarmId, Finding... inForce) {
    SwarmProgress progress = new SwarmProgress(swarmId);
    progress.inForce = List.of(inForce);
    world.progress.put(swarmId, progress);
  }

  private static Finding violation(String rule) {
    return finding(AuditKind.VIOLATION, rule);
  }

  private static Finding finding(AuditKind kind, String rule) {
    return new Finding(kind, Severity.DANGER, rule, rule + " in force", "swarm", 5L, null, null);
  }

  private void known(long host) {
    world.hosts.put(host, new HostSpec(host, "docker-" + host));
    world.observations.put(host, observed(host));
  }

  private static HostObservation observed(long host) {
    return new HostObservation(host, true, null, null, null, null, "192.0.2." + host, null);
  }

  /** A clock the test moves. */
  private static final class ManualClock extends Clock {

    private Instant now;

    ManualClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
