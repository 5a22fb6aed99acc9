package io.netboxswarm.orchestrator.stream;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The back-off between attempts at a record that met a transient failure: the stream thread waits, for a delay
 * that doubles with each failure in a row up to {@code max} and starts again once a record went through; then the
 * thread is replaced ({@link TransientFailure}) and resumes from its last commit. The wait is on the stream thread
 * itself (its consumer's heartbeats keep it in the group; {@code max} stays well under {@code max.poll.interval.ms}):
 * pausing the whole instance instead raced with the rewound task's revival.
 */
final class Retries implements AutoCloseable {

  private final ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
  private BackOffExecution next;
  private volatile boolean waiting;
  private final CountDownLatch closed = new CountDownLatch(1);

  Retries(Duration max) {
    backOff.setMaxInterval(max.toMillis());
    next = backOff.start();
  }

  /** A transient failure: the delay to wait before the next attempt. */
  synchronized Duration failed() {
    return Duration.ofMillis(next.nextBackOff());
  }

  /** Waits {@code wait} on the calling (stream) thread, or until closed (a stop does not wait out a delay). */
  void await(Duration wait) {
    waiting = true;
    try {
      closed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting = false;
    }
  }

  /** A record went through: the next failure waits the first delay again. */
  synchronized void succeeded() {
    next = backOff.start();
  }

  /** True while the stream waits to try a record again. */
  boolean waiting() {
    return waiting;
  }

  @Override
  public void close() {
    closed.countDown();
  }
}
