package io.netboxswarm.orchestrator.state;

import java.util.function.BiConsumer;

/** Where the orchestrator's state lives between records: a Kafka Streams store with a changelog, in production. */
public interface StateStore {

  void put(String key, String json);

  void delete(String key);

  void forEach(BiConsumer<String, String> entry);
}
