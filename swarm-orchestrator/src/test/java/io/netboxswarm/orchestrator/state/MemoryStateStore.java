package io.netboxswarm.orchestrator.state;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** What Kafka Streams' in-memory store holds for the orchestrator: the rows the world flushed, by key. */
public final class MemoryStateStore implements StateStore {

  public final Map<String, String> rows = new TreeMap<>();

  @Override
  public void put(String key, String json) {
    rows.put(key, json);
  }

  @Override
  public void delete(String key) {
    rows.remove(key);
  }

  @Override
  public void forEach(BiConsumer<String, String> entry) {
    rows.forEach(entry);
  }
}
