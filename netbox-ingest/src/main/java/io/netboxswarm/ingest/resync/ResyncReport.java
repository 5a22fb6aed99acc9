package io.netboxswarm.ingest.resync;

import java.time.Instant;
import java.util.Map;

/** What one resync published, per REST endpoint, and the objects it could not map (by endpoint, their ids). */
public record ResyncReport(Instant startedAt, Instant finishedAt, Map<String, Integer> published,
    Map<String, java.util.List<Long>> unmappable) {

  public int total() {
    return published.values().stream().mapToInt(Integer::intValue).sum();
  }
}
