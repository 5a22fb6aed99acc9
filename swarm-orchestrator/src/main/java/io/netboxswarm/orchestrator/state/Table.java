package io.netboxswarm.orchestrator.state;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One kind of state, keyed by id, held in memory (a decision reads many rows many times) and written through to
 * its store in the {@link StateStore} when {@link World#flush()} runs at the end of each record.
 */
public final class Table<V> implements Rows<V> {

  private final StateStore.Kind<V> kind;
  private final Map<String, V> rows = new LinkedHashMap<>();
  private final Set<String> dirty = new HashSet<>();
  /** Told the id of every row put, touched, removed or loaded: how an index follows the table. */
  private Consumer<String> listener = id -> { };

  Table(StateStore.Kind<V> kind) {
    this.kind = kind;
  }

  @Override
  public V get(Object id) {
    return rows.get(String.valueOf(id));
  }

  public void put(Object id, V value) {
    rows.put(String.valueOf(id), value);
    changed(String.valueOf(id));
  }

  /** Marks a mutable row as changed, so that it is written at the end of the record. */
  public V touch(Object id) {
    V value = rows.get(String.valueOf(id));
    if (value != null) {
      changed(String.valueOf(id));
    }
    return value;
  }

  public V remove(Object id) {
    changed(String.valueOf(id));
    return rows.remove(String.valueOf(id));
  }

  private void changed(String id) {
    dirty.add(id);
    listener.accept(id);
  }

  void listen(Consumer<String> listener) {
    this.listener = listener;
  }

  @Override
  public Collection<V> values() {
    return Collections.unmodifiableCollection(rows.values());
  }

  public int size() {
    return rows.size();
  }

  void load(StateStore store) {
    store.forEach(kind, (id, value) -> {
      rows.put(id, value);
      listener.accept(id);
    });
  }

  void flush(StateStore store) {
    for (String id : dirty) {
      V value = rows.get(id);
      if (value == null) {
        store.delete(kind, id);
      } else {
        store.put(kind, id, value);
      }
    }
    dirty.clear();
  }
}
