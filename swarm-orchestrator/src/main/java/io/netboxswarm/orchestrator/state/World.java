package io.netboxswarm.orchestrator.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Everything the orchestrator knows: what NetBox wants (specs), what the agents report (observations, progress)
 * and the commands in flight. Loaded from the {@link StateStore} once, changed by one record at a time, and
 * written back with {@link #flush()} before the record's transaction commits.
 */
public final class World {

  public final Table<SwarmSpec> swarms = new Table<>("swarm", SwarmSpec.class);
  public final Table<HostSpec> hosts = new Table<>("host", HostSpec.class);
  public final Table<SecretSpec> secrets = new Table<>("secret", SecretSpec.class);
  public final Table<NetworkSpec> networks = new Table<>("network", NetworkSpec.class);
  public final Table<ContainerSpec> containers = new Table<>("container", ContainerSpec.class);
  public final Table<SecretMountSpec> secretMounts = new Table<>("secretmount", SecretMountSpec.class);
  /** Keyed by NetBox object key, e.g. "swarm:5". */
  public final Table<ObjectVersion> versions = new Table<>("version", ObjectVersion.class);
  /** Host id to the swarm that claimed it first (rule 3: a host is in at most one swarm). */
  public final Table<Long> claims = new Table<>("claim", Long.class);
  public final Table<HostObservation> observations = new Table<>("observed", HostObservation.class);
  public final Table<SwarmProgress> progress = new Table<>("progress", SwarmProgress.class);
  public final Table<TrackedCommand> commands = new Table<>("command", TrackedCommand.class);

  private final List<Table<?>> tables = List.of(swarms, hosts, secrets, networks, containers, secretMounts, versions,
      claims, observations, progress, commands);
  private final StateStore store;
  private final Json json;
  private final Retention retention;
  /** Commands by the instant each is due: its deadline while pending or settled, its retry instant while waiting. */
  private final TimeIndex<TrackedCommand, TrackedCommand.Status> commandsByDue = new TimeIndex<>(commands,
      c -> c.status == null ? null : new TimeIndex.Slot<>(c.status,
          c.status == TrackedCommand.Status.RETRY_WAIT || c.status == TrackedCommand.Status.RETRY_DUE ? c.retryAt
              : c.deadline));
  /** The versions of deleted objects, by the instant of the delete (NetBox's time, epoch ms). */
  private final TimeIndex<ObjectVersion, Boolean> tombstones = new TimeIndex<>(versions,
      v -> v.deleted() ? new TimeIndex.Slot<>(true, v.occurredAt()) : null);

  public World(StateStore store, Json json) {
    this(store, json, Retention.defaults());
  }

  public World(StateStore store, Json json, Retention retention) {
    this.store = store;
    this.json = json;
    this.retention = retention;
  }

  public Retention retention() {
    return retention;
  }

  /** Reads every row of the store: after a restart, the state the changelog restored. */
  public World load() {
    Map<String, Table<?>> byPrefix = tables.stream().collect(Collectors.toMap(Table::prefix, Function.identity()));
    store.forEach((key, value) -> {
      int colon = key.indexOf(':');
      Table<?> table = colon < 0 ? null : byPrefix.get(key.substring(0, colon));
      if (table != null) {
        loadRow(table, key.substring(colon + 1), value);
      }
    });
    return this;
  }

  private <V> void loadRow(Table<V> table, String id, String value) {
    table.load(id, json.read(value, table.type()));
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
      table.flush(store, json);
    }
  }
}
