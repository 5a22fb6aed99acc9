package io.netboxswarm.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.crypto.tink.KeysetHandle;

import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.Opener;
import io.netboxswarm.sealing.SealedValue;

/** The orchestrator's keyset for this test JVM: the ingest gets the public half (a file), tests open with the rest. */
public final class TestKeys {

  private static KeysetHandle privateKeyset;
  private static Path publicFile;

  private TestKeys() {
  }

  public static synchronized Path orchestratorPublicKeysetFile() {
    if (publicFile == null) {
      privateKeyset = Keysets.newPrivateKeyset();
      try {
        publicFile = Files.createTempFile("orchestrator", ".public.json");
        Files.writeString(publicFile, Keysets.toPublicJson(privateKeyset));
        publicFile.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return publicFile;
  }

  public static Opener orchestrator() {
    orchestratorPublicKeysetFile();
    return Opener.of(SealingContext.ORCHESTRATOR, privateKeyset);
  }

  /** Opens an Avro sealed value as the orchestrator would. */
  public static byte[] open(io.netboxswarm.contracts.SealedValue sealed, String context) {
    byte[] ciphertext = new byte[sealed.getCiphertext().remaining()];
    sealed.getCiphertext().duplicate().get(ciphertext);
    return orchestrator().open(new SealedValue(sealed.getRecipient(), ciphertext), context);
  }
}
