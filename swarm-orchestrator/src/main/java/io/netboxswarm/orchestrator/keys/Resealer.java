package io.netboxswarm.orchestrator.keys;

import io.netboxswarm.contracts.SealedValue;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.orchestrator.desired.SecretComparison;
import io.netboxswarm.orchestrator.plan.Sealing;
import io.netboxswarm.orchestrator.state.Sealed;
import io.netboxswarm.sealing.Opener;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;

/**
 * The one place where the orchestrator opens what was sealed for it, and only to seal it again for the one agent
 * that needs it: a join token for the joining host, a secret's data for the manager that creates it. The plaintext
 * lives in a byte array for the duration of one call and is wiped.
 */
public final class Resealer implements SecretComparison, Sealing {

  private final Opener orchestrator;
  private final HostKeysets hosts;

  public Resealer(Opener orchestrator, HostKeysets hosts) {
    this.orchestrator = orchestrator;
    this.hosts = hosts;
  }

  @Override
  public SealedValue joinToken(long hostId, String clusterId, NodeRole nodeRole, Sealed token) {
    String role = nodeRole.name().toLowerCase(Locale.ROOT);
    return reseal(token, SealingContext.joinToken(clusterId, role), hostId,
        SealingContext.joinTokenForHost(hostId, clusterId, role));
  }

  @Override
  public SealedValue secret(long hostId, long netboxSecretId, String dockerName, Sealed data) {
    return reseal(data, SealingContext.netboxSecret(netboxSecretId), hostId,
        SealingContext.dockerSecret(hostId, dockerName));
  }

  /** Opens what was sealed for the orchestrator in one context, and seals it for the host's agent in another. */
  private SealedValue reseal(Sealed value, String openedIn, long hostId, String sealedIn) {
    return hosts.sealerFor(hostId).map(sealer -> {
      byte[] plain = orchestrator.open(value.toSealing(), openedIn);
      try {
        return Sealed.toAvro(sealer.seal(plain, sealedIn));
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    }).orElseThrow(() -> new IllegalStateException("no public keyset for host " + hostId));
  }

  public boolean canSealFor(long hostId) {
    return hosts.sealerFor(hostId).isPresent();
  }

  @Override
  public boolean samePlaintext(long secretId, Sealed a, Sealed b) {
    byte[] x = orchestrator.open(a.toSealing(), SealingContext.netboxSecret(secretId));
    byte[] y = orchestrator.open(b.toSealing(), SealingContext.netboxSecret(secretId));
    try {
      return MessageDigest.isEqual(x, y);
    } finally {
      Arrays.fill(x, (byte) 0);
      Arrays.fill(y, (byte) 0);
    }
  }
}
