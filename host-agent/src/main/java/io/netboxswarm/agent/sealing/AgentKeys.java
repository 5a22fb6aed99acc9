package io.netboxswarm.agent.sealing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.netboxswarm.contracts.SealedValue;
import io.netboxswarm.sealing.Opener;
import io.netboxswarm.sealing.Sealer;
import io.netboxswarm.sealing.SealingException;

/** This agent's private keyset (to open what the orchestrator sealed for it) and the orchestrator's public one. */
public final class AgentKeys {

  private final Opener self;
  private final Sealer orchestrator;

  public AgentKeys(Opener self, Sealer orchestrator) {
    this.self = self;
    this.orchestrator = orchestrator;
  }

  /**
   * Opens a value sealed for this agent.
   *
   * @throws SealingException when it cannot (the engine actions turn that into an UNSEALABLE rejection)
   */
  public byte[] open(SealedValue sealed, String context) {
    byte[] ciphertext = new byte[sealed.getCiphertext().remaining()];
    sealed.getCiphertext().duplicate().get(ciphertext);
    return self.open(new io.netboxswarm.sealing.SealedValue(sealed.getRecipient(), ciphertext), context);
  }

  public SealedValue sealForOrchestrator(String plaintext, String context) {
    var sealed = orchestrator.seal(plaintext.getBytes(StandardCharsets.UTF_8), context);
    return new SealedValue(sealed.recipient(), ByteBuffer.wrap(sealed.ciphertext()));
  }
}
