package io.netboxswarm.orchestrator;

import io.netboxswarm.contracts.SealedValue;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.orchestrator.state.Sealed;
import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.Opener;
import io.netboxswarm.sealing.RecordSigner;
import io.netboxswarm.sealing.RecordVerifier;
import io.netboxswarm.sealing.Sealer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real keysets in a directory, as scripts/keygen.sh makes them: the orchestrator's and one per host. */
final class Keys {

  final Path dir;
  private final Keysets keysets = new Keysets(name -> null);

  Keys(Path dir, long... hosts) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
      KeyGenerator.generate(SealingContext.ORCHESTRATOR, dir, true);
      for (long host : hosts) {
        KeyGenerator.generate(SealingContext.hostRecipient(host), dir, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The host's agent signing key; a host the test did not name gets its keys now, as an operator would. */
  synchronized RecordSigner signerOf(long host) {
    String principal = SealingContext.hostRecipient(host);
    Path file = dir.resolve(principal + ".signing.private.json");
    try {
      if (!Files.isRegularFile(file)) {
        KeyGenerator.generate(principal, dir, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return RecordSigner.of(principal, keysets.signingPrivateKeyset(file, null));
  }

  /** The orchestrator's own signing key: what a record it wrote carries. */
  RecordSigner orchestratorSigner() {
    return RecordSigner.of(SealingContext.ORCHESTRATOR,
        keysets.signingPrivateKeyset(dir.resolve("orchestrator.signing.private.json"), null));
  }

  /** Whom the agents believe: the orchestrator's public signing key. */
  RecordVerifier orchestratorVerifier() {
    return RecordVerifier.trusting(SealingContext.ORCHESTRATOR,
        keysets.signingPublicKeyset(dir.resolve("orchestrator.signing.public.json"), null));
  }

  Path orchestratorPrivate() {
    return dir.resolve("orchestrator.private.json");
  }

  /** What the ingest and the agents do: seal for the orchestrator. */
  SealedValue sealForOrchestrator(String plaintext, String context) {
    Sealer sealer = Sealer.forRecipient(SealingContext.ORCHESTRATOR,
        keysets.publicKeyset(dir.resolve("orchestrator.public.json"), null));
    return Sealed.toAvro(sealer.seal(plaintext.getBytes(StandardCharsets.UTF_8), context));
  }

  /** What a host's agent does with what was sealed for it. */
  String openAsHost(long host, SealedValue sealed, String context) {
    Opener opener = Opener.of(SealingContext.hostRecipient(host),
        keysets.privateKeyset(dir.resolve(SealingContext.hostRecipient(host) + ".private.json"), null));
    return new String(opener.open(Sealed.of(sealed).toSealing(), context), StandardCharsets.UTF_8);
  }
}
