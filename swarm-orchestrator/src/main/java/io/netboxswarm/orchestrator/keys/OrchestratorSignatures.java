package io.netboxswarm.orchestrator.keys;

import io.netboxswarm.sealing.RecordSigner;
import io.netboxswarm.sealing.RecordVerifier;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the orchestrator proves itself and whom it believes: it signs every record it sends (commands first: an
 * agent runs only what this key signed), and it believes a result or a heartbeat only when the agent key of the
 * host it names signed it ({@code host-<id>.signing.public.json} in the host keysets directory).
 */
public final class OrchestratorSignatures {

  private static final Pattern HOST = Pattern.compile("host-([1-9][0-9]{0,17})");

  private final RecordSigner self;
  private final RecordVerifier agents;

  public OrchestratorSignatures(RecordSigner self, HostKeysets hosts) {
    this.self = self;
    this.agents = new RecordVerifier(principal -> {
      var host = HOST.matcher(principal);
      return host.matches() ? hosts.signingKeysetOf(Long.parseLong(host.group(1))) : Optional.empty();
    });
  }

  public RecordSigner signer() {
    return self;
  }

  public RecordVerifier agents() {
    return agents;
  }
}
