package io.netboxswarm.orchestrator.state;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
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

  public World(StateStore store, Json json) {
    this.store = store;
    this.json = json;
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

  public void flush() {
    for (Table<?> table : tables) {
      table.flush(store, json);
    }
  }
}
