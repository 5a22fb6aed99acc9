package io.netboxswarm.sealing.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.Security;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import com.google.crypto.tink.KeysetHandle;

import io.netboxswarm.sealing.JavaX25519;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.NativeX25519;
import io.netboxswarm.sealing.Opener;
import io.netboxswarm.sealing.SealedValue;
import io.netboxswarm.sealing.Sealer;

/**
 * What sealing and opening a value cost, in CPU per value on one thread, with X25519 in BoringSSL (Conscrypt, as the
 * ingest and the orchestrator run it) against the anchor, Tink's Java X25519 (as the agent runs it), measured in
 * turns in the same JVM. Run: {@code ./mvnw -B -q -pl sealing test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.netboxswarm.sealing.bench.SealingBenchmark} ({@code -Dbench.bytes=64} sets the value size,
 * {@code -Dbench.values=5000} the count per turn).
 */
public final class SealingBenchmark {

  private static final String CONTEXT = "docker-secret:3:db_password";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private SealingBenchmark() {
  }

  public static void main(String[] args) {
    int bytes = Integer.getInteger("bench.bytes", 64);
    int values = Integer.getInteger("bench.values", 5_000);
    System.out.println("X25519: " + NativeX25519.install());
    if (Security.getProvider("Conscrypt") == null) {
      throw new IllegalStateException("Conscrypt did not install: nothing to compare with");
    }
    KeysetHandle keys = Keysets.newPrivateKeyset();
    KeysetHandle publicKeys = Keysets.publicKeysetOf(keys);
    Sealer boringSealer = Sealer.forRecipient("host-3", publicKeys);
    Opener boringOpener = Opener.of("host-3", keys);
    Sealer javaSealer = JavaX25519.make(() -> Sealer.forRecipient("host-3", publicKeys));
    Opener javaOpener = JavaX25519.make(() -> Opener.of("host-3", keys));
    byte[] value = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(value);
    double[] boring = null;
    double[] java = null;
    for (int round = 1; round <= 4; round++) { // the first rounds warm the JIT up
      boring = perValue(boringSealer, boringOpener, value, values);
      java = perValue(javaSealer, javaOpener, value, values);
      System.out.printf(Locale.ROOT, "round %d, %d values of %d bytes: BoringSSL seal %.0f us, open %.0f us; "
          + "Java seal %.0f us, open %.0f us (CPU per value)%n", round, values, bytes, boring[0], boring[1], java[0],
          java[1]);
    }
    System.out.printf(Locale.ROOT, "last round: seal %.0f us against Java's %.0f us, ratio %.2f; open %.0f us "
        + "against %.0f us, ratio %.2f%n", boring[0], java[0], boring[0] / java[0], boring[1], java[1],
        boring[1] / java[1]);
  }

  /** CPU microseconds per seal and per open, each value opened back and checked. */
  private static double[] perValue(Sealer sealer, Opener opener, byte[] value, int values) {
    SealedValue[] sealed = new SealedValue[values];
    long start = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < values; i++) {
      sealed[i] = sealer.seal(value, CONTEXT);
    }
    long mid = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < values; i++) {
      if (opener.open(sealed[i], CONTEXT).length != value.length) {
        throw new IllegalStateException("a value did not open to its bytes");
      }
    }
    long end = THREADS.getCurrentThreadCpuTime();
    return new double[] {(mid - start) / 1e3 / values, (end - mid) / 1e3 / values};
  }
}
