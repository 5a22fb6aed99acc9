package io.netboxswarm.orchestrator.desired;

import static io.netboxswarm.orchestrator.desired.DesiredWorld.change;
import static io.netboxswarm.orchestrator.desired.DesiredWorld.swarm;
import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.Swarm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** An object's events are applied in NetBox's order to the microsecond, whatever order they arrive in. */
@Tag("fast")
class EventOrderingTest {

  static final Instant T = Instant.parse("2026-08-22T09:05:00.601442Z");

  @Test
  void threeChangesWithinOneMillisecondDeliveredInReverseLeaveTheNewest() {
    NetboxEvent created = change("created", EventKind.CREATED, 5, swarm(5, List.of(1L), List.of()), T);
    NetboxEvent managerAdded = change("manager-added", EventKind.UPDATED, 5, swarm(5, List.of(1L, 2L), List.of()),
        T.plusNanos(150_000));
    NetboxEvent workerAdded = change("worker-added", EventKind.UPDATED, 5, swarm(5, List.of(1L, 2L), List.of(3L)),
        T.plusNanos(390_000));
    assertThat(created.getOccurredAt()).as("one millisecond").isEqualTo(workerAdded.getOccurredAt());

    DesiredWorld state = new DesiredWorld();
    assertThat(state.apply(workerAdded).changed()).isTrue();
    assertThat(state.apply(managerAdded).changed()).as("older").isFalse();
    assertThat(state.apply(created).changed()).as("older").isFalse();

    assertThat(state.world.swarms.get(5L).managers()).containsExactly(1L, 2L);
    assertThat(state.world.swarms.get(5L).workers()).containsExactly(3L);
  }

  @Test
  void aSnapshotOlderThanTheWebhookChangesNothingAndANewerOneApplies() {
    DesiredWorld state = new DesiredWorld();
    // webhook: NetBox's timestamp, taken after the save
    state.apply(change("webhook", EventKind.UPDATED, 5, swarm(5, List.of(1L, 2L), List.of()), T));
    // a page read just before that change: its last_updated is the previous save's
    Applied stale = state.apply(change("snapshot-before", EventKind.SNAPSHOT, 5, swarm(5, List.of(1L), List.of()),
        T.minusMillis(400)));
    assertThat(stale.changed()).isFalse();
    assertThat(state.world.swarms.get(5L).managers()).containsExactly(1L, 2L);

    // a change whose webhook was lost, seen by a later resync
    Applied caughtUp = state.apply(change("snapshot-after", EventKind.SNAPSHOT, 5,
        swarm(5, List.of(1L, 2L), List.of(3L)), T.plusSeconds(60)));
    assertThat(caughtUp.changed()).isTrue();
    assertThat(state.world.swarms.get(5L).workers()).containsExactly(3L);
  }

  @Test
  void atTheSameMicrosecondTheOrderOfArrivalDoesNotMatter() {
    Swarm one = swarm(5, List.of(1L), List.of());
    Swarm two = swarm(5, List.of(1L, 2L), List.of());
    List<NetboxEvent> sameTime = List.of(
        change("b-created", EventKind.CREATED, 5, one, T),
        change("a-updated", EventKind.UPDATED, 5, two, T),
        change("c-updated", EventKind.UPDATED, 5, one, T));
    List<NetboxEvent> order = new ArrayList<>(sameTime);
    for (int round = 0; round < 6; round++) {
      Collections.rotate(order, 1);
      if (round == 3) {
        Collections.reverse(order);
      }
      DesiredWorld state = new DesiredWorld();
      order.forEach(state::apply);
      // a creation never wins a tie (nothing precedes it); of two updates, the fixed rule (event id) picks one
      assertThat(state.world.versions.get("swarm:5").eventId()).as("delivered %s", order).isEqualTo("c-updated");
      assertThat(state.world.swarms.get(5L).managers()).containsExactly(1L);
    }
  }

  @Test
  void aDeletionWinsATieAndAnUpdateAtTheSameTimeDoesNotBringTheObjectBack() {
    for (boolean deletionFirst : new boolean[] {true, false}) {
      DesiredWorld state = new DesiredWorld();
      NetboxEvent update = change("updated", EventKind.UPDATED, 5, swarm(5, List.of(1L, 2L), List.of()), T);
      NetboxEvent deletion = change("deleted", EventKind.DELETED, 5, swarm(5, List.of(1L), List.of()), T);
      NetboxEvent snapshot = change("snapshot", EventKind.SNAPSHOT, 5, swarm(5, List.of(1L), List.of()), T);
      List<NetboxEvent> events = deletionFirst ? List.of(deletion, update, snapshot)
          : List.of(update, snapshot, deletion);
      events.forEach(state::apply);
      assertThat(state.world.swarms.get(5L)).as("deletion first: %s", deletionFirst).isNull();
      assertThat(state.world.versions.get("swarm:5").deleted()).isTrue();
    }
  }

  @Test
  void aSnapshotWinsATieWithAWebhookItsLastUpdatedIsNotOlderThan() {
    DesiredWorld state = new DesiredWorld();
    state.apply(change("snapshot", EventKind.SNAPSHOT, 5, swarm(5, List.of(1L, 2L), List.of()), T));
    assertThat(state.apply(change("updated", EventKind.UPDATED, 5, swarm(5, List.of(1L), List.of()), T)).changed())
        .isFalse();
    assertThat(state.world.swarms.get(5L).managers()).containsExactly(1L, 2L);
  }

  @Test
  void aDuplicateChangesNothingAndTheOrderSurvivesARestart() {
    DesiredWorld state = new DesiredWorld();
    NetboxEvent newer = change("newer", EventKind.UPDATED, 5, swarm(5, List.of(1L, 2L), List.of()),
        T.plusNanos(1_000));
    state.apply(newer);
    assertThat(state.apply(newer).note()).isEqualTo("duplicate");

    DesiredWorld restarted = state.restarted();
    assertThat(restarted.apply(change("older", EventKind.UPDATED, 5, swarm(5, List.of(1L), List.of()), T)).changed())
        .as("one microsecond older, after a restart").isFalse();
    assertThat(restarted.world.swarms.get(5L).managers()).containsExactly(1L, 2L);
  }

  @Test
  void eventsAndStateRowsWrittenBeforeMicrosecondsStillOrderByTheMillisecond() {
    DesiredWorld state = new DesiredWorld();
    // a row written by an orchestrator before this change: no micros, no kind
    state.rows.put("version:swarm:5", "{\"occurredAt\":" + T.toEpochMilli() + ",\"eventId\":\"old\",\"deleted\":false}");
    state.rows.put("swarm:5", "{\"id\":5,\"name\":\"swarm-5\",\"managers\":[1],\"workers\":[]}");
    DesiredWorld loaded = state.restarted();

    NetboxEvent oldFormatOlder = NetboxEvent.newBuilder(change("older", EventKind.UPDATED, 5,
        swarm(5, List.of(9L), List.of()), T.minusMillis(1))).setNetboxTime(null).build();
    assertThat(loaded.apply(oldFormatOlder).changed()).isFalse();
    NetboxEvent newer = change("newer", EventKind.UPDATED, 5, swarm(5, List.of(1L, 2L), List.of()), T.plusMillis(1));
    assertThat(loaded.apply(newer).changed()).isTrue();
    assertThat(loaded.world.swarms.get(5L).managers()).containsExactly(1L, 2L);
  }
}
