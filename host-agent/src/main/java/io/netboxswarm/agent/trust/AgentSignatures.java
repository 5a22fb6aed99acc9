package io.netboxswarm.agent.trust;

import org.apache.kafka.common.header.Headers;

import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.wire.RecordSignatures;
import io.netboxswarm.sealing.RecordSigner;
import io.netboxswarm.sealing.RecordVerifier;
import io.netboxswarm.sealing.RecordVerifier.Verdict;

/**
 * Who this agent believes and how it proves itself: a command runs only when the orchestrator's signing key signed
 * its exact bytes for this host's topic; every result and heartbeat leaves signed with this host's own key, so the
 * orchestrator can tell it from one another host (or anyone on the network) wrote.
 */
public final class AgentSignatures {

  private final RecordSigner self;
  private final RecordVerifier orchestrator;

  public AgentSignatures(RecordSigner self, RecordVerifier orchestrator) {
    this.self = self;
    this.orchestrator = orchestrator;
  }

  public RecordSigner signer() {
    return self;
  }

  /** Whether a command record was signed by the orchestrator over these bytes on this topic. */
  public Verdict verifyCommand(String topic, Headers headers, byte[] value) {
    return RecordSignatures.verify(orchestrator, SealingContext.ORCHESTRATOR, topic, headers, value);
  }
}
