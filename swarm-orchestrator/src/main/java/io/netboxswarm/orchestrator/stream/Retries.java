package io.netboxswarm.orchestrator.stream;

import java.time.Duration;

/**
 * The back-off between attempts at a record that met a transient failure: the stream thread waits, for a delay
 * that doubles with each failure in a row up to {@code max} and starts again once a record went through; then the
 * thread is replaced ({@link TransientFailure}) and resumes from its last commit. The wait is on the stream thread
 * itself (its consumer's heartbeats keep it in the group; {@code max} stays well under {@code max.poll.interval.ms}):
 * pausing the whole instance instead raced with the rewound task's revival.
 */
final class Retries implements AutoCloseable {

  private static final long FIRST_MS = 500;

  private final long maxMs;
  private long nextMs = FIRST_MS;
  private volatile boolean waiting;
  private volatile boolean closed;

  Retries(Duration max) {
    this.maxMs = Math.max(FIRST_MS, max.toMillis());
  }

  /** A transient failure: the delay to wait before the next attempt. */
  synchronized Duration failed() {
    long delay = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    return Duration.ofMillis(delay);
  }

  /** Waits {@code wait} on the calling (stream) thread, or until closed. */
  void await(Duration wait) {
    long delay = wait.toMillis();
    waiting = true;
    try {
      long until = System.nanoTime() + delay * 1_000_000;
      // In slices, so that closing the orchestrator does not wait out a long delay.
      while (!closed && System.nanoTime() < until) {
        Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting = false;
    }
  }

  /** A record went through: the next failure waits the first delay again. */
  synchronized void succeeded() {
    nextMs = FIRST_MS;
  }

  /** True while the stream waits to try a record again. */
  boolean waiting() {
    return waiting;
  }

  @Override
  public void close() {
    closed = true;
  }
}
