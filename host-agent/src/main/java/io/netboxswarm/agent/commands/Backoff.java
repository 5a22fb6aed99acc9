package io.netboxswarm.agent.commands;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tries again, waiting twice as long each time (200 ms up to 5 s), while the agent runs. */
final class Backoff {

  private static final Logger log = LoggerFactory.getLogger(Backoff.class);
  static final Duration FIRST = Duration.ofMillis(200);
  static final Duration MAX = Duration.ofSeconds(5);

  /** One try; any exception means "not yet". */
  interface Attempt {
    void run() throws Exception;
  }

  private final BooleanSupplier running;

  Backoff(BooleanSupplier running) {
    this.running = running;
  }

  /** @return true once {@code attempt} ran without an exception; false when the agent stopped first */
  boolean untilDone(String what, Attempt attempt) {
    Duration wait = FIRST;
    while (running.getAsBoolean()) {
      try {
        attempt.run();
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        log.warn("{} failed ({}); trying again in {} ms", what, e.toString(), wait.toMillis());
        sleep(wait);
        wait = next(wait);
      }
    }
    return false;
  }

  static Duration next(Duration wait) {
    Duration doubled = wait.multipliedBy(2);
    return doubled.compareTo(MAX) < 0 ? doubled : MAX;
  }

  static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
