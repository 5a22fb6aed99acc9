package io.netboxswarm.orchestrator.state;

/**
 * The newest NetBox event applied to one object, so that an older one arriving late is recognised (the
 * orchestrator's {@code desired.EventOrder} compares them).
 *
 * @param occurredAt NetBox's time of the event, in milliseconds
 * @param micros NetBox's time of the event, in microseconds; null in rows written before events carried it
 * @param kind the event's kind (CREATED, UPDATED, SNAPSHOT, DELETED), which breaks ties; null in rows written before
 */
public record ObjectVersion(long occurredAt, String eventId, boolean deleted, Long micros, String kind) {
}
