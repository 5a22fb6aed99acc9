package io.netboxswarm.ingest.resync;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one resync published, per REST endpoint; the objects it could not map (by endpoint, their ids); and the
 * endpoints read completely, whose RESYNC_COMPLETED lets the orchestrator delete what NetBox no longer has.
 */
public record ResyncReport(Instant startedAt, Instant finishedAt, Map<String, Integer> published,
    Map<String, List<Long>> unmappable, List<String> complete) {

  public int total() {
    return published.values().stream().mapToInt(Integer::intValue).sum();
  }
}
