package io.netboxswarm.orchestrator.state;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.orchestrator.state.StateStore.Kind;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Everything the orchestrator knows: what NetBox wants (specs), what the agents report (observations, progress)
 * and the commands in flight. Loaded from the {@link StateStore} once, changed by one record at a time, and
 * written back with {@link #flush()} before the record's transaction commits.
 */
public final class World {

  public static final Kind<SwarmSpec> SWARMS = new Kind<>("swarm", SwarmSpec.class);
  public static final Kind<HostSpec> HOSTS = new Kind<>("host", HostSpec.class);
  public static final Kind<SecretSpec> SECRETS = new Kind<>("secret", SecretSpec.class);
  public static final Kind<NetworkSpec> NETWORKS = new Kind<>("network", NetworkSpec.class);
  public static final Kind<ContainerSpec> CONTAINERS = new Kind<>("container", ContainerSpec.class);
  public static final Kind<SecretMountSpec> SECRET_MOUNTS = new Kind<>("secretmount", SecretMountSpec.class);
  public static final Kind<ObjectVersion> VERSIONS = new Kind<>("version", ObjectVersion.class);
  public static final Kind<Long> CLAIMS = new Kind<>("claim", Long.class);
  public static final Kind<HostObservation> OBSERVATIONS = new Kind<>("observed", HostObservation.class);
  public static final Kind<SwarmProgress> PROGRESS = new Kind<>("progress", SwarmProgress.class);
  public static final Kind<TrackedCommand> COMMANDS = new Kind<>("command", TrackedCommand.class);
  /** Every kind of row, each in its own store. */
  public static final List<Kind<?>> KINDS = List.of(SWARMS, HOSTS, SECRETS, NETWORKS, CONTAINERS, SECRET_MOUNTS,
      VERSIONS, CLAIMS, OBSERVATIONS, PROGRESS, COMMANDS);

  public final Table<SwarmSpec> swarms = new Table<>(SWARMS);
  public final Table<HostSpec> hosts = new Table<>(HOSTS);
  public final Table<SecretSpec> secrets = new Table<>(SECRETS);
  public final Table<NetworkSpec> networks = new Table<>(NETWORKS);
  public final Table<ContainerSpec> containers = new Table<>(CONTAINERS);
  public final Table<SecretMountSpec> secretMounts = new Table<>(SECRET_MOUNTS);
  /** Keyed by NetBox object key, e.g. "swarm:5". */
  public final Table<ObjectVersion> versions = new Table<>(VERSIONS);
  /** Host id to the swarm that claimed it first (rule 3: a host is in at most one swarm). */
  public final Table<Long> claims = new Table<>(CLAIMS);
  public final Table<HostObservation> observations = new Table<>(OBSERVATIONS);
  public final Table<SwarmProgress> progress = new Table<>(PROGRESS);
  public final Table<TrackedCommand> commands = new Table<>(COMMANDS);

  private final List<Table<?>> tables = List.of(swarms, hosts, secrets, networks, containers, secretMounts, versions,
      claims, observations, progress, commands);
  private final StateStore store;
  private final Retention retention;
  /** Commands by the instant each is due: its deadline while pending or settled, its retry instant while waiting. */
  private final TimeIndex<TrackedCommand, TrackedCommand.Status> commandsByDue = new TimeIndex<>(commands,
      c -> c.status == null ? null : new TimeIndex.Slot<>(c.status,
          c.status == TrackedCommand.Status.RETRY_WAIT || c.status == TrackedCommand.Status.RETRY_DUE ? c.retryAt
              : c.deadline));
  /** The versions of deleted objects, by the instant of the delete (NetBox's time, epoch ms). */
  private final TimeIndex<ObjectVersion, Boolean> tombstones = new TimeIndex<>(versions,
      v -> v.deleted() ? new TimeIndex.Slot<>(true, v.occurredAt()) : null);

  public World(StateStore store) {
    this(store, Retention.defaults());
  }

  public World(StateStore store, Retention retention) {
    this.store = store;
    this.retention = retention;
  }

  public Retention retention() {
    return retention;
  }

  /** Reads every row of the stores: after a restart, the state the changelogs restored. */
  public World load() {
    tables.forEach(table -> table.load(store));
    return this;
  }

  /** Whether NetBox deleted the object, e.g. ("secret", 40), as far as its events told (until the tombstone goes). */
  public boolean deleted(String objectType, long objectId) {
    ObjectVersion version = versions.get(Topics.objectKey(objectType, objectId));
    return version != null && version.deleted();
  }

  public SwarmProgress progressOf(long swarmId) {
    SwarmProgress p = progress.touch(swarmId);
    if (p == null) {
      p = new SwarmProgress(swarmId);
      progress.put(swarmId, p);
    }
    return p;
  }

  /**
   * Visits the commands in {@code status} due at or before {@code upTo} (epoch ms), earliest first, until the
   * visitor returns false: the deadline of a pending or settled command, the retry instant of a waiting one. The
   * visitor may change and remove commands, but must not look up due commands again while it runs.
   */
  public void forEachCommandDue(TrackedCommand.Status status, long upTo, Predicate<TrackedCommand> visitor) {
    commandsByDue.forEachDue(status, upTo, (id, command) -> visitor.test(command));
  }

  public int commandsIn(TrackedCommand.Status status) {
    return commandsByDue.size(status);
  }

  /** Forgets the versions of objects deleted longer ago than the retention; returns how many. */
  public int forgetTombstones(Instant now) {
    int[] forgotten = {0};
    tombstones.forEachDue(true, now.minus(retention.tombstones()).toEpochMilli(), (key, version) -> {
      versions.remove(key);
      return ++forgotten[0] < retention.batch();
    });
    return forgotten[0];
  }

  public int tombstones() {
    return tombstones.size(true);
  }

  public void flush() {
    for (Table<?> table : tables) {
      table.flush(store);
    }
  }
}
