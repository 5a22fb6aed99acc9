package io.netboxswarm.netbox.mapping;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.netboxswarm.contracts.SealedJoinTokens;
import io.netboxswarm.contracts.SealedValue;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.sealing.Sealer;

/**
 * Seals what NetBox sends in clear (Secret data, Swarm join tokens) for the orchestrator, at once, and turns the
 * sealing library's value into the Avro contract's. The plaintext is overwritten as soon as it is sealed.
 */
public final class OrchestratorSealer {

  private final Sealer sealer;
  private final Map<String, SealedJoinTokens> joinTokenMemo;

  public OrchestratorSealer(Sealer sealer) {
    this(sealer, null);
    if (!SealingContext.ORCHESTRATOR.equals(sealer.recipient())) {
      throw new IllegalArgumentException("the ingest seals for '" + SealingContext.ORCHESTRATOR + "' only, not for '"
          + sealer.recipient() + "'");
    }
  }

  private OrchestratorSealer(Sealer sealer, Map<String, SealedJoinTokens> joinTokenMemo) {
    this.sealer = sealer;
    this.joinTokenMemo = joinTokenMemo;
  }

  /**
   * A sealer for the mapping of one webhook: join tokens that appear unchanged in both snapshots are sealed once
   * (sealing is the costliest step of a webhook). Not thread-safe; drop it with the webhook.
   */
  public OrchestratorSealer forOneWebhook() {
    return new OrchestratorSealer(sealer, new HashMap<>(4));
  }

  /** A NetBox Secret's data, already base64-decoded; {@code data} is overwritten with zeros. */
  public SealedValue sealSecretData(long secretId, byte[] data) {
    try {
      return toAvro(sealer.seal(data, SealingContext.netboxSecret(secretId)));
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /** The join tokens NetBox holds for the swarm with Docker cluster id {@code clusterId}. */
  public SealedJoinTokens sealJoinTokens(String clusterId, String worker, String manager) {
    if (joinTokenMemo != null) {
      // SealedJoinTokens is mutable (Avro): each snapshot gets its own copy of the one sealing
      SealedJoinTokens sealed = joinTokenMemo.computeIfAbsent(clusterId + "\n" + worker + "\n" + manager,
          key -> seal(clusterId, worker, manager));
      return SealedJoinTokens.newBuilder(sealed).build();
    }
    return seal(clusterId, worker, manager);
  }

  private SealedJoinTokens seal(String clusterId, String worker, String manager) {
    return SealedJoinTokens.newBuilder()
        .setWorker(toAvro(sealer.sealUtf8(worker, SealingContext.joinToken(clusterId, "worker"))))
        .setManager(toAvro(sealer.sealUtf8(manager, SealingContext.joinToken(clusterId, "manager"))))
        .build();
  }

  private static SealedValue toAvro(io.netboxswarm.sealing.SealedValue sealed) {
    return SealedValue.newBuilder()
        .setRecipient(sealed.recipient())
        .setCiphertext(ByteBuffer.wrap(sealed.ciphertext()))
        .build();
  }
}
