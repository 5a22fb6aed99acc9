package io.netboxswarm.orchestrator.state;

import java.util.function.BiConsumer;

/**
 * Where the orchestrator's state lives between records: one store per {@link Kind} of row, keyed by id, holding
 * typed values (in production a Kafka Streams store each, with a JSON serde and a changelog topic).
 */
public interface StateStore {

  /** One kind of row: the store it lives in and the type of its values. */
  record Kind<V>(String name, Class<V> type) {
  }

  <V> void put(Kind<V> kind, String id, V value);

  <V> void delete(Kind<V> kind, String id);

  <V> void forEach(Kind<V> kind, BiConsumer<String, V> row);
}
