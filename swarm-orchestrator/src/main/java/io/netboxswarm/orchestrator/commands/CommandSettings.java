package io.netboxswarm.orchestrator.commands;

import java.time.Duration;

/**
 * @param deadline how long an agent may start a command after it was issued (swarm join alone can block 20 s)
 * @param resultGrace how long after the deadline a missing result counts as a retryable failure
 * @param maxAttempts how many times a retryable failure is tried in all
 * @param backoff the first retry's delay; it doubles with each attempt, up to a minute
 */
public record CommandSettings(Duration deadline, Duration resultGrace, int maxAttempts, Duration backoff) {

  public static CommandSettings defaults() {
    return new CommandSettings(Duration.ofMinutes(2), Duration.ofSeconds(30), 5, Duration.ofSeconds(2));
  }

  public Duration backoffFor(int attempt) {
    long millis = backoff.toMillis() << Math.min(Math.max(attempt - 1, 0), 10);
    return Duration.ofMillis(Math.min(millis, 60_000));
  }
}
