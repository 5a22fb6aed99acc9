package io.netboxswarm.orchestrator.desired;

import static io.netboxswarm.orchestrator.desired.DesiredWorld.change;
import static io.netboxswarm.orchestrator.desired.DesiredWorld.resyncCompleted;
import static io.netboxswarm.orchestrator.desired.DesiredWorld.swarm;
import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.SecretMount;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** A complete resync pass deletes what NetBox no longer has, and nothing NetBox changed after the pass began. */
@Tag("fast")
class ResyncDeletionTest {

  static final Instant T = Instant.parse("2026-08-22T09:05:00.601442Z");
  static final Instant PASS_STARTED = T.plusSeconds(600);

  @Test
  void anObjectWhoseDeletionWasLostIsDeletedByTheNextCompletePass() {
    DesiredWorld state = new DesiredWorld();
    state.apply(change("created-5", EventKind.CREATED, 5, swarm(5, List.of(1L), List.of()), T));
    state.apply(change("created-6", EventKind.CREATED, 6, swarm(6, List.of(2L), List.of(3L)), T.plusSeconds(1)));
    // swarm 6 is deleted in NetBox; its webhook never arrives

    Applied applied = state.apply(resyncCompleted(ObjectType.SWARM, PASS_STARTED, List.of(5L)));

    assertThat(applied.changed()).isTrue();
    assertThat(applied.swarms()).as("its plan runs again: its hosts leave").contains(6L);
    assertThat(applied.goneFromNetbox()).as("what the reconciler audits").containsExactly("swarm:6");
    assertThat(state.world.swarms.get(6L)).isNull();
    assertThat(state.world.swarms.get(5L)).isNotNull();
    assertThat(state.world.versions.get("swarm:6").deleted()).isTrue();

    // the same marker again (a redelivery) and a late webhook older than the pass change nothing
    Applied again = state.apply(resyncCompleted(ObjectType.SWARM, PASS_STARTED, List.of(5L)));
    assertThat(again.changed()).isFalse();
    assertThat(again.goneFromNetbox()).as("audited once").isEmpty();
    assertThat(state.apply(change("late-update-6", EventKind.UPDATED, 6, swarm(6, List.of(2L), List.of()),
        T.plusSeconds(2))).changed()).isFalse();
    assertThat(state.world.swarms.get(6L)).isNull();
  }

  @Test
  void anObjectCreatedOrChangedAfterThePassBeganIsKept() {
    DesiredWorld state = new DesiredWorld();
    // created after the pass read its page, its webhook delivered before the pass's marker
    state.apply(change("created-7", EventKind.CREATED, 7, swarm(7, List.of(1L), List.of()), PASS_STARTED.plusNanos(1_000)));
    // created long ago, changed at the very microsecond the pass began
    state.apply(change("created-8", EventKind.CREATED, 8, swarm(8, List.of(2L), List.of()), T));
    state.apply(change("updated-8", EventKind.UPDATED, 8, swarm(8, List.of(2L, 4L), List.of()), PASS_STARTED));

    Applied applied = state.apply(resyncCompleted(ObjectType.SWARM, PASS_STARTED, List.of()));

    assertThat(applied.changed()).isFalse();
    assertThat(state.world.swarms.get(7L)).isNotNull();
    assertThat(state.world.swarms.get(8L)).isNotNull();
  }

  @Test
  void aPassDeletesOnlyObjectsOfItsOwnType() {
    DesiredWorld state = new DesiredWorld();
    state.apply(change("created-5", EventKind.CREATED, 5, swarm(5, List.of(1L), List.of()), T));
    state.apply(mount(31, T));
    state.apply(mount(32, T));

    assertThat(state.apply(resyncCompleted(ObjectType.HOST, PASS_STARTED, List.of())).changed()).isFalse();
    assertThat(state.world.swarms.get(5L)).isNotNull();

    state.apply(resyncCompleted(ObjectType.SECRET_MOUNT, PASS_STARTED, List.of(32L)));
    assertThat(state.world.secretMounts.get(31L)).isNull();
    assertThat(state.world.secretMounts.get(32L)).isNotNull();
    assertThat(state.world.swarms.get(5L)).isNotNull();
  }

  private static NetboxEvent mount(long id, Instant at) {
    return NetboxEvent.newBuilder().setEventId("mount-" + id).setKind(EventKind.CREATED)
        .setObjectType(ObjectType.SECRET_MOUNT).setObjectId(id).setOccurredAt(at.truncatedTo(ChronoUnit.MILLIS))
        .setNetboxTime(at).setAfter(SecretMount.newBuilder().setId(id).setContainer(12L).setSecret(9L)
            .setSecretName("db-password").setTarget("/run/secrets/db").build()).build();
  }
}
