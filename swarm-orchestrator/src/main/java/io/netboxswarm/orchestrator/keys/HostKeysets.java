package io.netboxswarm.orchestrator.keys;

import io.netboxswarm.contracts.SealingContext;
import com.google.crypto.tink.KeysetHandle;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.Sealer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public keysets of the hosts' agents, one file per host ({@code host-<id>.public.json}, as
 * {@code scripts/keygen.sh host-<id> DIR} writes them): what join tokens and secret data are sealed for.
 */
public final class HostKeysets {

  private final Path directory;
  private final Keysets keysets = new Keysets(name -> null);
  private final Map<Long, Sealer> sealers = new ConcurrentHashMap<>();

  public HostKeysets(Path directory) {
    this.directory = directory;
  }

  /** A sealer for the host's agent, or empty when its public keyset is not (yet) in the directory. */
  public Optional<Sealer> sealerFor(long hostId) {
    Sealer cached = sealers.get(hostId);
    if (cached != null) {
      return Optional.of(cached);
    }
    String recipient = SealingContext.hostRecipient(hostId);
    Path file = directory == null ? null : directory.resolve(recipient + ".public.json");
    if (file == null || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Sealer sealer = Sealer.forRecipient(recipient, keysets.publicKeyset(file, null));
    sealers.put(hostId, sealer);
    return Optional.of(sealer);
  }

  /**
   * The public signing keyset of the host's agent ({@code host-<id>.signing.public.json}), or empty when it is not
   * in the directory: that host's results and heartbeats are then not believed.
   */
  public Optional<KeysetHandle> signingKeysetOf(long hostId) {
    Path file = directory == null ? null
        : directory.resolve(SealingContext.hostRecipient(hostId) + ".signing.public.json");
    if (file == null || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(keysets.signingPublicKeyset(file, null));
  }

  public Path directory() {
    return directory;
  }
}
