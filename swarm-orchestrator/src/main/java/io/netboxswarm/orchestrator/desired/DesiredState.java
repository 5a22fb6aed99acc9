package io.netboxswarm.orchestrator.desired;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.netbox.Container;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.Host;
import io.netboxswarm.contracts.netbox.Network;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.ResyncPass;
import io.netboxswarm.contracts.netbox.Secret;
import io.netboxswarm.contracts.netbox.SecretMount;
import io.netboxswarm.contracts.netbox.Swarm;
import io.netboxswarm.orchestrator.state.ContainerSpec;
import io.netboxswarm.orchestrator.state.NetworkSpec;
import io.netboxswarm.orchestrator.state.ObjectVersion;
import io.netboxswarm.orchestrator.state.Sealed;
import io.netboxswarm.orchestrator.state.SecretMountSpec;
import io.netboxswarm.orchestrator.state.SecretSpec;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import io.netboxswarm.orchestrator.state.Table;
import io.netboxswarm.orchestrator.state.World;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies NetBox events to the desired state. Each object keeps the time and id of the newest event applied to it
 * ({@link EventOrder} says which is newer), so a duplicate or an older event arriving late changes nothing; a resync
 * snapshot is applied like an update, and a deletion leaves a tombstone so that a late update cannot bring the
 * object back. A RESYNC_COMPLETED deletes what the pass found gone from NetBox ({@link ResyncDeletions}).
 */
public final class DesiredState {

  private static final Logger log = LoggerFactory.getLogger(DesiredState.class);

  private final World world;
  private final Claims claims;
  private final SecretComparison secrets;
  private final ResyncDeletions resyncDeletions;

  public DesiredState(World world, Claims claims, SecretComparison secrets) {
    this.world = world;
    this.claims = claims;
    this.secrets = secrets;
    this.resyncDeletions = new ResyncDeletions(world);
  }

  public Applied apply(NetboxEvent event) {
    if (event.getKind() == EventKind.RESYNC_COMPLETED) {
      return resyncCompleted(event);
    }
    String key = versionKey(event.getObjectType(), event.getObjectId());
    EventOrder order = EventOrder.of(event);
    ObjectVersion seen = world.versions.get(key);
    if (seen != null && !EventOrder.of(seen).isOlderThan(order)) {
      return Applied.ignored(seen.eventId().equals(event.getEventId()) ? "duplicate" : "older than " + seen.eventId());
    }
    boolean deleted = event.getKind() == EventKind.DELETED || event.getAfter() == null;
    world.versions.put(key, new ObjectVersion(event.getOccurredAt().toEpochMilli(), event.getEventId(), deleted,
        order.micros(), event.getKind().name()));
    Object after = deleted ? null : event.getAfter();
    return switch (event.getObjectType()) {
      case SWARM -> swarm(event.getObjectId(), (Swarm) event.getBefore(), (Swarm) after, event.getEventId());
      case HOST -> host(event.getObjectId(), (Host) after);
      case SECRET -> secret(event.getObjectId(), (Secret) after);
      case NETWORK -> network(event.getObjectId(), (Network) after);
      case CONTAINER -> container(event.getObjectId(), (Container) after);
      case SECRET_MOUNT -> secretMount(event.getObjectId(), (SecretMount) after);
      default -> Applied.ignored("no swarm meaning");
    };
  }

  /** The key of an object's {@link ObjectVersion}, e.g. {@code swarm:5}, {@code secret_mount:31}. */
  static String versionKey(ObjectType type, long id) {
    return Topics.objectKey(type.name().toLowerCase(Locale.ROOT), id);
  }

  /**
   * Deletes each object of the pass's type that NetBox no longer has, as its lost deletion would have, at the pass's
   * start: a change NetBox made later still wins.
   */
  private Applied resyncCompleted(NetboxEvent marker) {
    ResyncPass pass = marker.getResync();
    if (pass == null) {
      return Applied.ignored("a resync marker without its findings");
    }
    Set<Long> swarms = new TreeSet<>();
    boolean changed = false;
    List<String> gone = new ArrayList<>();
    for (long id : resyncDeletions.gone(marker.getObjectType(), pass)) {
      String key = versionKey(marker.getObjectType(), id);
      gone.add(key);
      log.info("{} is no longer in NetBox (resync {}): deleted", key, marker.getEventId());
      Applied applied = apply(NetboxEvent.newBuilder()
          .setEventId(marker.getEventId() + "/" + key)
          .setKind(EventKind.DELETED)
          .setObjectType(marker.getObjectType())
          .setObjectId(id)
          .setOccurredAt(pass.getStartedAt().truncatedTo(ChronoUnit.MILLIS))
          .setNetboxTime(pass.getStartedAt())
          .build());
      swarms.addAll(applied.swarms());
      changed |= applied.changed();
    }
    return new Applied(swarms, changed, changed ? null : "nothing gone from NetBox", gone);
  }

  private Applied swarm(long id, Swarm before, Swarm after, String eventId) {
    SwarmSpec old = world.swarms.get(id);
    SwarmSpec spec = null;
    if (after != null) {
      String rotation = null;
      if (SpecMapper.asksRotation(after)) {
        // The same request echoed or re-sent keeps its id: one request, one rotation.
        boolean alreadyAsked = old != null && old.rotationRequest() != null;
        rotation = alreadyAsked ? old.rotationRequest() : eventId;
      }
      spec = SpecMapper.swarm(after, rotation);
      world.swarms.put(id, spec);
    } else {
      world.swarms.remove(id);
    }
    Set<Long> hosts = new TreeSet<>();
    if (old != null) {
      hosts.addAll(old.managers());
      hosts.addAll(old.workers());
    }
    if (spec != null) {
      hosts.addAll(spec.managers());
      hosts.addAll(spec.workers());
    }
    Set<Long> affected = new TreeSet<>();
    affected.add(id);
    for (long host : hosts) {
      affected.addAll(claims.settle(host));
    }
    return new Applied(affected, !Objects.equals(old, spec), Objects.equals(old, spec) ? "unchanged" : null);
  }

  private Applied host(long id, Host after) {
    var old = replace(world.hosts, id, after == null ? null : SpecMapper.host(after));
    return new Applied(swarmsOf(id), !Objects.equals(old, world.hosts.get(id)), null);
  }

  private Applied secret(long id, Secret after) {
    SecretSpec old = world.secrets.get(id);
    SecretSpec spec = null;
    if (after != null) {
      Sealed data = Sealed.of(after.getData());
      int version = old == null ? 1 : old.dataVersion();
      if (data == null && old != null) {
        data = old.data(); // the data is write-only: NetBox sends it at most once
      } else if (data != null && old != null && old.data() != null) {
        if (secrets.samePlaintext(id, old.data(), data)) {
          data = old.data();
        } else {
          version++;
        }
      }
      spec = SpecMapper.secret(after, data, version);
    }
    replace(world.secrets, id, spec);
    Set<Long> affected = new HashSet<>();
    if (old != null && old.swarm() != null) {
      affected.add(old.swarm());
    }
    if (spec != null && spec.swarm() != null) {
      affected.add(spec.swarm());
    }
    return new Applied(affected, !Objects.equals(old, spec), null);
  }

  private Applied network(long id, Network after) {
    NetworkSpec spec = after == null ? null : SpecMapper.network(after);
    NetworkSpec old = replace(world.networks, id, spec);
    return new Applied(swarmsOfHosts(old == null ? null : old.host(), spec == null ? null : spec.host()),
        !Objects.equals(old, spec), null);
  }

  private Applied container(long id, Container after) {
    ContainerSpec spec = after == null ? null : SpecMapper.container(after);
    ContainerSpec old = replace(world.containers, id, spec);
    return new Applied(swarmsOfHosts(old == null ? null : old.host(), spec == null ? null : spec.host()),
        !Objects.equals(old, spec), null);
  }

  private Applied secretMount(long id, SecretMount after) {
    SecretMountSpec spec = after == null ? null : SpecMapper.secretMount(after);
    SecretMountSpec old = replace(world.secretMounts, id, spec);
    return new Applied(swarmsOfHosts(hostOfContainer(old), hostOfContainer(spec)), !Objects.equals(old, spec), null);
  }

  /** Puts the new spec, or removes the object when there is none; returns the previous spec. */
  private static <V> V replace(Table<V> table, long id, V spec) {
    V old = table.get(id);
    if (spec == null) {
      table.remove(id);
    } else {
      table.put(id, spec);
    }
    return old;
  }

  private Long hostOfContainer(SecretMountSpec mount) {
    ContainerSpec container = mount == null || mount.container() == null ? null
        : world.containers.get(mount.container());
    return container == null ? null : container.host();
  }

  /** The swarms of a host before and after a change (either may be null). */
  private Set<Long> swarmsOfHosts(Long before, Long after) {
    Set<Long> affected = new TreeSet<>();
    for (Long host : new Long[] {before, after}) {
      if (host != null) {
        affected.addAll(swarmsOf(host));
      }
    }
    return affected;
  }

  private Set<Long> swarmsOf(long hostId) {
    Set<Long> swarms = new TreeSet<>(claims.swarmsListing(hostId));
    Long owner = claims.owner(hostId);
    if (owner != null) {
      swarms.add(owner);
    }
    return swarms;
  }
}
