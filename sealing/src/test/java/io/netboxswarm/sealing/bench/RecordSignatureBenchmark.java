package io.netboxswarm.sealing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.RecordSigner;
import io.netboxswarm.sealing.RecordVerifier;

/**
 * What a record signature costs, per record, on one thread: Tink Ed25519 signing (the orchestrator, per command;
 * an agent, per result and heartbeat) and verifying (an agent, per command; the orchestrator, per result and
 * heartbeat). Run: {@code ./mvnw -B -q -pl sealing test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.netboxswarm.sealing.bench.RecordSignatureBenchmark} ({@code -Dbench.bytes=600} sets the
 * record size, {@code -Dbench.records=20000} the count).
 */
public final class RecordSignatureBenchmark {

  public static void main(String[] args) throws Exception {
    int bytes = Integer.getInteger("bench.bytes", 600);
    int records = Integer.getInteger("bench.records", 20_000);
    Path dir = Files.createTempDirectory("signature-bench");
    KeyGenerator.generate("orchestrator", dir);
    Keysets keysets = new Keysets(k -> null);
    RecordSigner signer = RecordSigner.of("orchestrator",
        keysets.signingPrivateKeyset(dir.resolve("orchestrator.signing.private.json"), null));
    RecordVerifier verifier = RecordVerifier.trusting("orchestrator",
        keysets.signingPublicKeyset(dir.resolve("orchestrator.signing.public.json"), null));
    byte[] value = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(value);
    byte[][] signatures = new byte[records][];
    for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up
      long start = System.nanoTime();
      for (int i = 0; i < records; i++) {
        signatures[i] = signer.sign("agent.commands.7", value);
      }
      long signed = System.nanoTime();
      for (int i = 0; i < records; i++) {
        if (verifier.verify("orchestrator", "agent.commands.7", value, signatures[i])
            != RecordVerifier.Verdict.VALID) {
          throw new IllegalStateException("a signature did not verify");
        }
      }
      long verified = System.nanoTime();
      System.out.printf(Locale.ROOT, "round %d: %d records of %d bytes: sign %.1f us, verify %.1f us per record%n",
          round + 1, records, bytes, (signed - start) / 1e3 / records, (verified - signed) / 1e3 / records);
    }
  }
}
