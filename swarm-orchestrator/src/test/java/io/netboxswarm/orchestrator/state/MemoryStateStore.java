package io.netboxswarm.orchestrator.state;

import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * What Kafka Streams' stores hold for the orchestrator, in one map: each row as its serde writes it (JSON), under
 * {@code kind:id}. A world loaded from it gets fresh copies, as after a restart.
 */
public final class MemoryStateStore implements StateStore {

  public final NavigableMap<String, String> rows = new TreeMap<>();
  private final Json json = new Json();

  @Override
  public <V> void put(Kind<V> kind, String id, V value) {
    rows.put(kind.name() + ":" + id, json.write(value));
  }

  @Override
  public <V> void delete(Kind<V> kind, String id) {
    rows.remove(kind.name() + ":" + id);
  }

  @Override
  public <V> void forEach(Kind<V> kind, BiConsumer<String, V> row) {
    String prefix = kind.name() + ":";
    rows.subMap(prefix, prefix + Character.MAX_VALUE)
        .forEach((key, value) -> row.accept(key.substring(prefix.length()), json.read(value, kind.type())));
  }
}
