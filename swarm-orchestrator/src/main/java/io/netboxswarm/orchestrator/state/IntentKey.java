package io.netboxswarm.orchestrator.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * Names one intent, e.g. {@code service:5:50:<digest>}: its kind, its swarm and what it is about. The same intent
 * always has the same key and its command id is a digest of the key's text, so the text is the stored form.
 *
 * @param about what it is about, in order; the last part is what the step's outcome records, when it records a
 *     name (a secret version's Docker name, a service spec's digest, a stale node id)
 */
public record IntentKey(String kind, long swarmId, List<String> about) {

  public IntentKey {
    about = List.copyOf(about);
  }

  public static IntentKey of(String kind, long swarmId, Object... about) {
    return new IntentKey(kind, swarmId, Arrays.stream(about).map(String::valueOf).toList());
  }

  /** The stored text; no part holds a colon (Docker names, ids and digests have none). */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static IntentKey parse(String text) {
    List<String> parts = List.of(text.split(":", -1));
    return new IntentKey(parts.get(0), Long.parseLong(parts.get(1)), parts.subList(2, parts.size()));
  }

  public String last() {
    return about.get(about.size() - 1);
  }

  @JsonValue
  @Override
  public String toString() {
    return kind + ":" + swarmId + (about.isEmpty() ? "" : ":" + String.join(":", about));
  }
}
