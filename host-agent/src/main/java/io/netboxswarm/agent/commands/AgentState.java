package io.netboxswarm.agent.commands;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's state directory: the results of completed commands ({@code completed/}) and the intents of begun ones
 * ({@code intents/}), each file kept for the retention and then removed, so that the directory stays small however
 * long the agent runs.
 */
public final class AgentState {

  private static final Logger log = LoggerFactory.getLogger(AgentState.class);

  private final CompletedCommands completed;
  private final Intents intents;
  private final Duration retention;
  private final Clock clock;

  public AgentState(Path dir, Duration retention, Clock clock) {
    this.completed = new CompletedCommands(dir.resolve("completed"));
    this.intents = new Intents(dir.resolve("intents"));
    this.retention = retention;
    this.clock = clock;
  }

  CompletedCommands completed() {
    return completed;
  }

  Intents intents() {
    return intents;
  }

  /** Removes every file older than the retention. */
  public void prune() {
    var cutoff = clock.instant().minus(retention);
    int removed = completed.pruneBefore(cutoff) + intents.pruneBefore(cutoff);
    if (removed > 0) {
      log.info("removed {} state files older than {}", removed, retention);
    }
  }
}
