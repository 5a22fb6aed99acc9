package io.netboxswarm.contracts;

/** The Kafka topics of netbox-swarm; the README's topic table describes each. */
public final class Topics {

  /** NetBox changes and resync snapshots ({@code NetboxEvent}), keyed by NetBox object key, e.g. "swarm:5". */
  public static final String NETBOX_EVENTS = "netbox.events";
  /** Signed webhooks that could not be mapped ({@code RejectedWebhook}), keyed by request id. */
  public static final String NETBOX_EVENTS_REJECTED = "netbox.events.rejected";
  /** Command outcomes ({@code CommandResult}), keyed by host id. */
  public static final String AGENT_RESULTS = "agent.results";
  /** What each agent observes ({@code Heartbeat}), keyed by host id. */
  public static final String AGENT_HEARTBEATS = "agent.heartbeats";
  /** Decisions of the orchestrator ({@code AuditEvent}), keyed by swarm id. */
  public static final String SWARM_AUDIT = "swarm.audit";
  /** NetBox write-backs decided by the orchestrator ({@code NetboxWrite}), keyed by NetBox object path. */
  public static final String NETBOX_WRITES = "netbox.writes";
  /**
   * Records a component could never read (corrupt bytes, an unknown schema id, a value that cannot be decoded):
   * the original key and value bytes, unchanged, with headers saying which component refused it, from which topic,
   * partition and offset, and why ({@link DeadLetters}). Nothing is put here that was not already on a topic.
   */
  public static final String DEAD_LETTERS = "swarm.dead-letters";

  private static final String COMMANDS_PREFIX = "agent.commands.";

  private Topics() {
  }

  /** One topic per host, so that a Kafka ACL can give each agent's principal its own topic only. */
  public static String commandsFor(long hostId) {
    return COMMANDS_PREFIX + hostId;
  }

  /** The NetBox object key used as the record key of {@link #NETBOX_EVENTS}, e.g. {@code swarm:5}. */
  public static String objectKey(String objectType, long objectId) {
    return objectType + ":" + objectId;
  }
}
