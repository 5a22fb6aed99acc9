package io.netboxswarm.netbox.mapping;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Deterministic event ids (name-based UUIDs), so that a webhook delivered twice, or the same object state resynced
 * twice, is recognisable downstream. Built from identifying fields only, never from secret ones.
 */
final class EventIds {

  private EventIds() {
  }

  /** The same NetBox change (event, object, NetBox's timestamp and request id) always gives the same id. */
  static String ofWebhook(String event, String objectType, long objectId, String timestamp, String requestId) {
    return nameUuid("netbox-webhook", event, objectType, Long.toString(objectId), timestamp, requestId);
  }

  /** The same object at the same {@code last_updated} always gives the same id. */
  static String ofSnapshot(String model, long objectId, String lastUpdated) {
    return nameUuid("netbox-snapshot", model, Long.toString(objectId), lastUpdated);
  }

  /** One resync pass of one model: the model and the pass's start. */
  static String ofResyncPass(String model, Instant passStarted) {
    return nameUuid("netbox-resync-pass", model, passStarted.toString());
  }

  private static String nameUuid(String... parts) {
    StringBuilder name = new StringBuilder();
    for (String part : parts) {
      // length-prefixed, so that no two different part lists give the same name
      String value = part == null ? "" : part;
      name.append(part == null ? -1 : value.length()).append(':').append(value).append('|');
    }
    return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }
}
