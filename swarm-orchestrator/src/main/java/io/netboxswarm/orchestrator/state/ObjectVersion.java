package io.netboxswarm.orchestrator.state;

/** The newest NetBox event applied to one object, so that an older one arriving late is recognised. */
public record ObjectVersion(long occurredAt, String eventId, boolean deleted) {

  /** Whether an event of this instant and id is older than, or the same as, this one. */
  public boolean supersedes(long otherOccurredAt, String otherEventId) {
    return otherOccurredAt < occurredAt || eventId.equals(otherEventId);
  }
}
