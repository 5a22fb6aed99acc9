package io.netboxswarm.orchestrator.keys;

import com.google.crypto.tink.KeysetHandle;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.sealing.RecordSigner;
import java.security.GeneralSecurityException;
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
  private final RecordVerifier own;
  private final RecordVerifier agents;

  /** @param signingKeyset the orchestrator's private signing keyset */
  public OrchestratorSignatures(KeysetHandle signingKeyset, HostKeysets hosts) {
    this.self = RecordSigner.of(SealingContext.ORCHESTRATOR, signingKeyset);
    this.own = RecordVerifier.trusting(SealingContext.ORCHESTRATOR, publicOf(signingKeyset));
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

  /**
   * Whom the orchestrator's own readers believe: its own key only. Its NetBox writer sends a write-back (with the
   * NetBox token) only when this key signed it, so a record someone else put on {@code netbox.writes} sends nothing.
   */
  public RecordVerifier own() {
    return own;
  }

  private static KeysetHandle publicOf(KeysetHandle privateKeyset) {
    try {
      return privateKeyset.getPublicKeysetHandle();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the orchestrator's signing keyset has no public keys ("
          + e.getClass().getSimpleName() + ")");
    }
  }
}
