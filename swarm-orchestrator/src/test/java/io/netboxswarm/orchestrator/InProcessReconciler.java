package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealedJoinTokens;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.observed.LocalNodeState;
import io.netboxswarm.contracts.observed.SwarmObservation;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.contracts.writeback.NetboxWrite;
import io.netboxswarm.orchestrator.commands.CommandSettings;
import io.netboxswarm.orchestrator.commands.CommandTopics;
import io.netboxswarm.orchestrator.keys.HostKeysets;
import io.netboxswarm.orchestrator.keys.Resealer;
import io.netboxswarm.orchestrator.commands.Outbox;
import io.netboxswarm.orchestrator.reconcile.Reconciler;
import io.netboxswarm.orchestrator.state.MemoryStateStore;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.World;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.Opener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The orchestrator's decisions without a broker: the real {@link Reconciler}, real keysets and a state store in a
 * map, fed NetBox events, results and heartbeats directly, on a clock the test moves. What it publishes is kept.
 */
final class InProcessReconciler {

  final Keys keys;
  final World world = new World(new MemoryStateStore()).load();
  final Reconciler reconciler;
  final List<Outbox.Out> published = new ArrayList<>();
  private Instant now = Instant.parse("2026-12-01T08:00:00Z");

  InProcessReconciler(Path dir) {
    keys = new Keys(dir, 1, 2, 3, 4);
    Opener opener = Opener.of(SealingContext.ORCHESTRATOR,
        new Keysets(name -> null).privateKeyset(keys.orchestratorPrivate(), null));
    reconciler = new Reconciler(world, new Resealer(opener, new HostKeysets(keys.dir)), CommandSettings.defaults(),
        new NoTopics());
  }

  Instant later(Duration duration) {
    now = now.plus(duration);
    return now;
  }

  NetboxEvent event(ObjectType type, long id, Object after) {
    NetboxEvent event = NetboxEvent.newBuilder().setEventId("evt-" + UUID.randomUUID())
        .setKind(after == null ? EventKind.DELETED : EventKind.UPDATED).setObjectType(type).setObjectId(id)
        .setOccurredAt(later(Duration.ofSeconds(1))).setUser("admin").setRequestId(UUID.randomUUID().toString())
        .setBefore(null).setAfter(after).build();
    keep(reconciler.onEvent(event, now));
    return event;
  }

  void succeed(HostCommand command, Object outcome) {
    keep(reconciler.onResult(CommandResult.newBuilder().setCommandId(command.getCommandId())
        .setHostId(command.getHostId()).setStatus(CommandStatus.SUCCEEDED)
        .setCompletedAt(later(Duration.ofMillis(100))).setOutcome(outcome).build(), now));
  }

  void fail(HostCommand command, String code, String message, boolean retryable) {
    keep(reconciler.onResult(CommandResult.newBuilder().setCommandId(command.getCommandId())
        .setHostId(command.getHostId()).setStatus(CommandStatus.FAILED).setErrorCode(code).setErrorMessage(message)
        .setRetryable(retryable).setCompletedAt(later(Duration.ofMillis(100))).build(), now));
  }

  void heartbeat(long host, LocalNodeState state, String clusterId, String nodeId, NodeRole role) {
    SwarmObservation swarm = SwarmObservation.newBuilder().setState(state).setClusterId(clusterId)
        .setNodeId(nodeId).setRole(role).setNodeAddr(address(host)).build();
    keep(reconciler.onHeartbeat(Heartbeat.newBuilder().setHostId(host).setObservedAt(later(Duration.ofSeconds(1)))
        .setEngineReachable(true).setEngineVersion("20.10.24").setApiVersion("1.41").setHostAddress(address(host))
        .setSwarm(swarm).build(), now));
  }

  void tick(Duration after) {
    keep(reconciler.onTick(later(after)));
  }

  /** A formed swarm: its managers and workers joined, the first one initialized it. */
  void formSwarm(long swarmId, List<Long> managers, List<Long> workers) {
    managers.forEach(h -> heartbeat(h, LocalNodeState.INACTIVE, null, null, null));
    workers.forEach(h -> heartbeat(h, LocalNodeState.INACTIVE, null, null, null));
    event(ObjectType.SWARM, swarmId, Events.swarm(swarmId, managers, workers));
    String cluster = "cluster-" + swarmId;
    List<String> addrs = List.of(address(managers.get(0)) + ":2377");
    succeed(last(managers.get(0), InitSwarm.class), new SwarmOutcome(cluster, nodeId(managers.get(0)),
        NodeRole.MANAGER, new SealedJoinTokens(
            keys.sealForOrchestrator(Agents.workerToken(cluster), SealingContext.joinToken(cluster, "worker")),
            keys.sealForOrchestrator(Agents.managerToken(cluster), SealingContext.joinToken(cluster, "manager"))),
        addrs));
    for (long worker : workers) {
      succeed(last(worker, JoinSwarm.class), new SwarmOutcome(cluster, nodeId(worker), NodeRole.WORKER, null, addrs));
    }
    assertThat(progress(swarmId).members).hasSize(managers.size() + workers.size());
  }

  SwarmProgress progress(long swarmId) {
    return world.progress.get(swarmId);
  }

  List<HostCommand> commands(long host, Class<?> action) {
    return published.stream().map(Outbox.Out::value).filter(HostCommand.class::isInstance)
        .map(HostCommand.class::cast).filter(c -> c.getHostId() == host && action.isInstance(c.getAction())).toList();
  }

  HostCommand last(long host, Class<?> action) {
    List<HostCommand> sent = commands(host, action);
    assertThat(sent).as("%s sent to host %d", action.getSimpleName(), host).isNotEmpty();
    return sent.get(sent.size() - 1);
  }

  /** The journal entries NetBox got on one object, e.g. ("secret", 41). */
  List<NetboxWrite> journal(String objectType, long objectId) {
    return published.stream().map(Outbox.Out::value).filter(NetboxWrite.class::isInstance)
        .map(NetboxWrite.class::cast).filter(w -> w.getPath().equals("/api/extras/journal-entries/")
            && w.getBody().contains("\"netbox_docker_plugin." + objectType + "\"")
            && w.getBody().contains("\"assigned_object_id\":" + objectId + ",")).toList();
  }

  List<NetboxWrite> journals() {
    return published.stream().map(Outbox.Out::value).filter(NetboxWrite.class::isInstance)
        .map(NetboxWrite.class::cast).filter(w -> w.getPath().equals("/api/extras/journal-entries/")).toList();
  }

  List<AuditEvent> audits() {
    return published.stream().map(Outbox.Out::value).filter(AuditEvent.class::isInstance)
        .map(AuditEvent.class::cast).toList();
  }

  static String address(long host) {
    return "192.0.2." + host;
  }

  static String nodeId(long host) {
    return "node-" + host;
  }

  private void keep(Outbox out) {
    published.addAll(out.records());
    world.flush();
  }

  private static final class NoTopics implements CommandTopics {
    @Override
    public void prepare(Collection<Long> hostIds) {
    }

    @Override
    public void ensure(long hostId) {
    }
  }
}
