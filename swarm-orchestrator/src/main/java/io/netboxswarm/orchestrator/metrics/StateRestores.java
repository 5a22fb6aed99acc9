package io.netboxswarm.orchestrator.metrics;

import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Kafka Streams restores the stores one changelog partition after another: the restore is timed from the first
 * start to the moment none is restoring any more. A changelog with nothing to restore is not reported (a first
 * start, an instance whose local state is current), so then nothing is timed.
 */
final class StateRestores implements StateRestoreListener {

  private final Timer timer;
  private int restoring;
  private long startedAt;

  StateRestores(Timer timer) {
    this.timer = timer;
  }

  @Override
  public synchronized void onRestoreStart(TopicPartition partition, String store, long startOffset,
      long endOffset) {
    if (restoring++ == 0) {
      startedAt = System.nanoTime();
    }
  }

  @Override
  public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    ended();
  }

  /** The task moved away in the middle of its restore: what was restored so far counts. */
  @Override
  public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
    ended();
  }

  private synchronized void ended() {
    if (restoring > 0 && --restoring == 0) {
      timer.record(System.nanoTime() - startedAt, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }
}
