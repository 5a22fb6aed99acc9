package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.orchestrator.state.Json;
import io.netboxswarm.orchestrator.state.StateStore;
import io.netboxswarm.orchestrator.state.World;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The orchestrator's state in Kafka Streams stores, one per kind of row, whose compacted changelog topics are what
 * survives a restart. In memory: the whole state is read at start anyway, and restoring a changelog is fast.
 */
final class KeyValueStateStore implements StateStore {

  private final Map<String, KeyValueStore<String, ?>> stores;

  KeyValueStateStore(ProcessorContext<?, ?> context) {
    this.stores = World.KINDS.stream().collect(Collectors.toMap(Kind::name,
        kind -> context.getStateStore(storeName(kind))));
  }

  /** The Kafka Streams store of a kind of row, e.g. {@code orchestrator-swarm}; its changelog is named after it. */
  static String storeName(Kind<?> kind) {
    return "orchestrator-" + kind.name();
  }

  /** A store for each kind of row, its values as JSON. */
  static java.util.Set<StoreBuilder<?>> builders() {
    Json json = new Json();
    return World.KINDS.stream().<StoreBuilder<?>>map(kind -> builder(kind, json)).collect(Collectors.toSet());
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> builder(Kind<V> kind, Json json) {
    Serde<V> values = Serdes.serdeFrom((topic, value) -> value == null ? null : json.bytes(value),
        (topic, bytes) -> bytes == null ? null : json.read(bytes, kind.type()));
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(storeName(kind)), Serdes.String(), values)
        .withCachingDisabled().withLoggingEnabled(Map.of("cleanup.policy", "compact"));
  }

  @Override
  public <V> void put(Kind<V> kind, String id, V value) {
    store(kind).put(id, value);
  }

  @Override
  public <V> void delete(Kind<V> kind, String id) {
    store(kind).delete(id);
  }

  @Override
  public <V> void forEach(Kind<V> kind, BiConsumer<String, V> row) {
    try (var all = store(kind).all()) {
      all.forEachRemaining(kv -> row.accept(kv.key, kv.value));
    }
  }

  @SuppressWarnings("unchecked") // each store was built with its kind's value type
  private <V> KeyValueStore<String, V> store(Kind<V> kind) {
    return (KeyValueStore<String, V>) stores.get(kind.name());
  }
}
