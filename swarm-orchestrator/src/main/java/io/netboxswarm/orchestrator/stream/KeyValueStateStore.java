package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.orchestrator.state.StateStore;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.state.KeyValueStore;

/** The orchestrator's state in a Kafka Streams store, whose changelog topic is what survives a restart. */
final class KeyValueStateStore implements StateStore {

  private final KeyValueStore<String, String> store;

  KeyValueStateStore(KeyValueStore<String, String> store) {
    this.store = store;
  }

  @Override
  public void put(String key, String json) {
    store.put(key, json);
  }

  @Override
  public void delete(String key) {
    store.delete(key);
  }

  @Override
  public void forEach(BiConsumer<String, String> entry) {
    try (var all = store.all()) {
      all.forEachRemaining(kv -> entry.accept(kv.key, kv.value));
    }
  }
}
