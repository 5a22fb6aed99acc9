package io.netboxswarm.orchestrator.desired;

import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.ResyncPass;
import io.netboxswarm.contracts.netbox.Swarm;
import io.netboxswarm.orchestrator.state.MemoryStateStore;
import io.netboxswarm.orchestrator.state.World;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The orchestrator's desired state alone, on an in-memory store, and NetBox events as the ingest publishes them:
 * NetBox's time to the microsecond in {@code netboxTime}, {@code occurredAt} cut to the millisecond.
 */
final class DesiredWorld {

  private final MemoryStateStore store = new MemoryStateStore();
  final Map<String, String> rows = store.rows;
  final World world = new World(store);
  final DesiredState desired = new DesiredState(world, new Claims(world), (id, a, b) -> a.equals(b));

  Applied apply(NetboxEvent event) {
    Applied applied = desired.apply(event);
    world.flush();
    return applied;
  }

  /** The same state, read back from the store as after a restart. */
  DesiredWorld restarted() {
    DesiredWorld again = new DesiredWorld();
    again.rows.putAll(rows);
    again.world.load();
    return again;
  }

  static Swarm swarm(long id, List<Long> managers, List<Long> workers) {
    return Swarm.newBuilder().setId(id).setName("swarm-" + id).setManagerNodes(managers).setWorkerNodes(workers)
        .build();
  }

  static NetboxEvent change(String eventId, EventKind kind, long swarmId, Swarm after, Instant netboxTime) {
    return NetboxEvent.newBuilder().setEventId(eventId).setKind(kind).setObjectType(ObjectType.SWARM)
        .setObjectId(swarmId).setOccurredAt(netboxTime.truncatedTo(ChronoUnit.MILLIS)).setNetboxTime(netboxTime)
        .setAfter(kind == EventKind.DELETED ? null : after).setBefore(kind == EventKind.DELETED ? after : null)
        .build();
  }

  static NetboxEvent resyncCompleted(ObjectType type, Instant passStarted, List<Long> present) {
    return NetboxEvent.newBuilder().setEventId("resync-" + type + "-" + passStarted).setKind(EventKind.RESYNC_COMPLETED)
        .setObjectType(type).setObjectId(0).setOccurredAt(passStarted.truncatedTo(ChronoUnit.MILLIS))
        .setNetboxTime(passStarted)
        .setResync(ResyncPass.newBuilder().setStartedAt(passStarted).setPresent(present).build()).build();
  }
}
