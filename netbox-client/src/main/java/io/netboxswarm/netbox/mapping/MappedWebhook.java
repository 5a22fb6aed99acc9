package io.netboxswarm.netbox.mapping;

import io.netboxswarm.contracts.netbox.NetboxEvent;

/** What a signed, well-formed webhook turns into. */
public sealed interface MappedWebhook {

  /** An event of one of the contract's object types, to publish under {@code key} (e.g. {@code swarm:5}). */
  record Event(String key, NetboxEvent event) implements MappedWebhook {
  }

  /** A webhook about an object type outside the contract: accepted and counted, not published. */
  record Ignored(String objectType) implements MappedWebhook {
  }
}
