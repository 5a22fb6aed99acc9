package io.netboxswarm.orchestrator;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealedJoinTokens;
import io.netboxswarm.contracts.SealedValue;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.netbox.Container;
import io.netboxswarm.contracts.netbox.EnvVar;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.ImageRef;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Swarm;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.orchestrator.commands.CommandSettings;
import io.netboxswarm.orchestrator.commands.CommandTopics;
import io.netboxswarm.orchestrator.keys.HostKeysets;
import io.netboxswarm.orchestrator.keys.Resealer;
import io.netboxswarm.orchestrator.commands.Outbox;
import io.netboxswarm.orchestrator.reconcile.Reconciler;
import io.netboxswarm.orchestrator.state.Retention;
import io.netboxswarm.orchestrator.state.MemoryStateStore;
import io.netboxswarm.orchestrator.state.World;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The orchestrator's reconciler in this JVM, as OrchestratorProcessor runs it but without a broker: a {@link World}
 * over an in-memory store, each record handled and then the world flushed, on a clock the caller moves. Without
 * host keysets joins and secrets are not planned, services and rotations are.
 */
final class InProcessOrchestrator {

  private static final CommandTopics NO_TOPICS = new CommandTopics() {
    @Override
    public void prepare(Collection<Long> hostIds) {
    }

    @Override
    public void ensure(long hostId) {
    }
  };

  final MemoryStateStore store = new MemoryStateStore();
  private final CommandSettings settings;
  private final Retention retention;
  private final Resealer resealer;
  private World world;
  private Reconciler reconciler;
  private Instant now;
  private long eventSeq;

  InProcessOrchestrator(CommandSettings settings, Retention retention, Instant start) {
    this(settings, retention, start, new Resealer(null, new HostKeysets(null)));
  }

  /** @param resealer with the hosts' keysets, secrets are planned too */
  InProcessOrchestrator(CommandSettings settings, Retention retention, Instant start, Resealer resealer) {
    this.settings = settings;
    this.retention = retention;
    this.resealer = resealer;
    this.now = start;
    restart();
  }

  /** A new world loaded from the store, as after a crash and a restore of the changelog. */
  void restart() {
    world = new World(store, retention).load();
    reconciler = new Reconciler(world, resealer, settings, NO_TOPICS);
  }

  World world() {
    return world;
  }

  Instant now() {
    return now;
  }

  void advance(Duration by) {
    now = now.plus(by);
  }

  Outbox event(NetboxEvent event) {
    return handle(() -> reconciler.onEvent(event, now));
  }

  Outbox result(CommandResult result) {
    return handle(() -> reconciler.onResult(result, now));
  }

  Outbox tick() {
    return handle(() -> reconciler.onTick(now));
  }

  private Outbox handle(Supplier<Outbox> step) {
    Outbox out = step.get();
    world.flush();
    return out;
  }

  // NetBox's side: the events netbox-ingest would publish.

  NetboxEvent swarm(long id, long manager, String operation) {
    return event(EventKind.UPDATED, ObjectType.SWARM, id, Swarm.newBuilder(Events.swarm(id, List.of(manager),
        List.of())).setAdvertiseAddr("10.0.0." + manager).setOperation(operation).build());
  }

  NetboxEvent container(long id, long host, String mode) {
    return event(EventKind.UPDATED, ObjectType.CONTAINER, id, Container.newBuilder().setId(id).setHost(host)
        .setName("app-" + id).setImage(ImageRef.newBuilder().setId(1).setName("app").setImageId("sha256:feedface")
            .build())
        .setEnv(List.of(EnvVar.newBuilder().setName("MODE").setValue(mode).build())).build());
  }

  NetboxEvent secret(io.netboxswarm.contracts.netbox.Secret secret) {
    return event(EventKind.UPDATED, ObjectType.SECRET, secret.getId(), secret);
  }

  NetboxEvent containerDeleted(long id) {
    return event(EventKind.DELETED, ObjectType.CONTAINER, id, null);
  }

  private NetboxEvent event(EventKind kind, ObjectType type, long id, Object after) {
    eventSeq++;
    return NetboxEvent.newBuilder().setEventId("evt-" + eventSeq).setKind(kind).setObjectType(type).setObjectId(id)
        .setOccurredAt(now.plusMillis(eventSeq % 1000)).setUser("admin").setAfter(after).build();
  }

  // The agents' side.

  /** The answer of a manager's agent to an init: its new cluster, join tokens sealed (not opened here). */
  CommandResult initialized(HostCommand init) {
    String cluster = "cluster-" + init.getSwarmId();
    SealedValue token = new SealedValue("orchestrator", ByteBuffer.wrap(new byte[] {1, 2, 3}));
    return succeeded(init, new SwarmOutcome(cluster, "node-" + init.getHostId(), NodeRole.MANAGER,
        new SealedJoinTokens(token, token), List.of("10.0.0." + init.getHostId() + ":2377")));
  }

  CommandResult succeeded(HostCommand command, Object outcome) {
    return CommandResult.newBuilder().setCommandId(command.getCommandId()).setHostId(command.getHostId())
        .setStatus(CommandStatus.SUCCEEDED).setCompletedAt(now).setOutcome(outcome).build();
  }

  CommandResult failed(HostCommand command, boolean retryable) {
    return CommandResult.newBuilder().setCommandId(command.getCommandId()).setHostId(command.getHostId())
        .setStatus(CommandStatus.FAILED).setErrorCode("ENGINE_UNAVAILABLE").setErrorMessage("engine away")
        .setRetryable(retryable).setCompletedAt(now).build();
  }
}
