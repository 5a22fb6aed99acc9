package io.netboxswarm.orchestrator.state;

import java.time.Duration;

/**
 * How long the orchestrator remembers what no longer drives anything, so that its state follows what exists and
 * what is pending, not its history.
 *
 * @param settledCommands how long a settled command stays after its last attempt's deadline (for the status API and
 *     the operator; a late result of a command no longer tracked changes nothing either way)
 * @param tombstones how long the version of a deleted NetBox object stays, so that a late event older than the
 *     delete cannot bring the object back; as long as Kafka keeps a compacted topic's tombstones by default
 * @param batch the most rows one tick forgets, so that a large backlog (state written before pruning existed) is
 *     worked off over several ticks instead of in one long one
 */
public record Retention(Duration settledCommands, Duration tombstones, int batch) {

  public static Retention defaults() {
    return new Retention(Duration.ofMinutes(10), Duration.ofHours(24), 1000);
  }
}
