package io.netboxswarm.orchestrator.state;

import java.util.Map;

/**
 * A Secret of one Swarm. {@code data} stays sealed for the orchestrator; {@code dataVersion} changes only when the
 * plaintext does, so that a re-sealed copy of the same bytes (every webhook seals afresh) is not a change.
 */
public record SecretSpec(long id, Long swarm, String name, Sealed data, int dataVersion, Map<String, String> labels) {

  public SecretSpec {
    labels = Map.copyOf(labels);
  }
}
