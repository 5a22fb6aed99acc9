package io.netboxswarm.orchestrator.desired;

import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.orchestrator.state.ObjectVersion;
import java.time.Instant;
import java.util.Comparator;

/**
 * Where a NetBox event stands in its object's history. NetBox's own time, to the microsecond, comes first: a
 * webhook's {@code timestamp}, a snapshot's {@code last_updated}. Which of two events of the same microsecond is the
 * older cannot be read from NetBox, so a fixed rule decides, the same whatever order they are delivered in:
 * <ol>
 *   <li>the kind: CREATED, then UPDATED, then SNAPSHOT, then DELETED. Nothing precedes a creation and nothing
 *   follows a deletion (NetBox never reuses an id); a snapshot's {@code last_updated} is the time of the save it
 *   shows, while a webhook's {@code timestamp} is taken after its save, so at the same instant the snapshot shows
 *   the later save;</li>
 *   <li>then the event id, as text: arbitrary but fixed, so that every replay settles the same way.</li>
 * </ol>
 * The same event id is the same event: a duplicate, never newer.
 *
 * @param micros NetBox's time in microseconds since the epoch; an event written before it was carried counts
 *     from its millisecond {@code occurredAt}
 */
record EventOrder(long micros, int rank, String eventId) implements Comparable<EventOrder> {

  private static final Comparator<EventOrder> ORDER = Comparator.comparingLong(EventOrder::micros)
      .thenComparingInt(EventOrder::rank).thenComparing(EventOrder::eventId);

  static EventOrder of(NetboxEvent event) {
    Instant time = event.getNetboxTime();
    long micros = time != null ? microsOf(time) : Math.multiplyExact(event.getOccurredAt().toEpochMilli(), 1000L);
    return new EventOrder(micros, rank(event.getKind()), event.getEventId());
  }

  static EventOrder of(ObjectVersion version) {
    long micros = version.micros() != null ? version.micros() : Math.multiplyExact(version.occurredAt(), 1000L);
    EventKind kind = version.kind() != null ? EventKind.valueOf(version.kind())
        : version.deleted() ? EventKind.DELETED : EventKind.UPDATED;
    return new EventOrder(micros, rank(kind), version.eventId());
  }

  static long microsOf(Instant time) {
    return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1000);
  }

  /** Whether {@code later} should replace this one: it is newer by the rule above, and not this very event. */
  boolean isOlderThan(EventOrder later) {
    return !eventId.equals(later.eventId) && compareTo(later) < 0;
  }

  @Override
  public int compareTo(EventOrder other) {
    return ORDER.compare(this, other);
  }

  private static int rank(EventKind kind) {
    return switch (kind) {
      case CREATED -> 0;
      case UPDATED -> 1;
      case SNAPSHOT -> 2;
      case DELETED -> 3;
      case RESYNC_COMPLETED -> throw new IllegalArgumentException("a resync marker is no change of an object");
    };
  }
}
