package io.netboxswarm.agent;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls until a probe gives a value (non-null), or fails the test with what was awaited. */
final class Await {

  private Await() {
  }

  static <T> T value(String what, Duration timeout, Supplier<T> probe) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  static void until(String what, Duration timeout, Supplier<Boolean> probe) throws InterruptedException {
    value(what, timeout, () -> probe.get() ? Boolean.TRUE : null);
  }
}
