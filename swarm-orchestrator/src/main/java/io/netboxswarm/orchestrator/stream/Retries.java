package io.netboxswarm.orchestrator.stream;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The back-off between attempts at a record that met a transient failure: the stream is paused (its consumer keeps
 * polling, so it stays in the group however long the outage lasts) and resumed after a delay that doubles with each
 * failure in a row, up to {@code max}, and starts again once a record went through.
 */
final class Retries implements AutoCloseable {

  private static final long FIRST_MS = 500;

  private final long maxMs;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "orchestrator-retry");
    thread.setDaemon(true);
    return thread;
  });
  private volatile KafkaStreams streams;
  private long nextMs = FIRST_MS;
  private volatile boolean waiting;

  Retries(Duration max) {
    this.maxMs = Math.max(FIRST_MS, max.toMillis());
  }

  void attach(KafkaStreams streams) {
    this.streams = streams;
  }

  /** A transient failure: pause the stream for the next delay; returns the delay. */
  synchronized Duration failed() {
    long delay = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    KafkaStreams s = streams;
    if (s != null) {
      waiting = true;
      s.pause();
      timer.schedule(() -> {
        waiting = false;
        s.resume();
      }, delay, TimeUnit.MILLISECONDS);
    }
    return Duration.ofMillis(delay);
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
    timer.shutdownNow();
  }
}
