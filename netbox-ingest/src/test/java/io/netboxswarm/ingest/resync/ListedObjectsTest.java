package io.netboxswarm.ingest.resync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A pass names what NetBox no longer has only when its pages cannot have hidden an object that was there. */
class ListedObjectsTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Instant PASS_STARTED = Instant.parse("2026-08-22T09:10:00.000000Z");

  @Test
  void everyObjectListedOnceAndAsManyAsNetboxCountedIsComplete() {
    ListedObjects listed = new ListedObjects(PASS_STARTED);
    listed.listed(object(1, "2026-08-22T09:00:03.512877Z"));
    listed.listed(object(2, "2026-08-22T09:09:59.999999Z"));
    assertThat(listed.incomplete(2)).isNull();
    assertThat(listed.ids()).containsExactly(1L, 2L);
  }

  @Test
  void aShiftWhileThePagesWereReadLeavesATrace() {
    ListedObjects deleted = new ListedObjects(PASS_STARTED);
    deleted.listed(object(1, "2026-08-22T09:00:03Z"));
    deleted.listed(object(3, "2026-08-22T09:00:03Z"));
    assertThat(deleted.incomplete(3)).isEqualTo("NetBox counted 3 objects, the pages held 2");

    ListedObjects twice = new ListedObjects(PASS_STARTED);
    twice.listed(object(1, "2026-08-22T09:00:03Z"));
    twice.listed(object(1, "2026-08-22T09:00:03Z"));
    assertThat(twice.incomplete(2)).isEqualTo("object 1 was listed twice");

    // a deletion and a creation keep the count; the creation shows
    ListedObjects created = new ListedObjects(PASS_STARTED);
    created.listed(object(1, "2026-08-22T09:00:03Z"));
    created.listed(object(5, PASS_STARTED.toString()));
    assertThat(created.incomplete(2)).isEqualTo("object 5 was created after the pass began");
  }

  @Test
  void anObjectWithoutIdOrCreationTimeMakesThePassSayNothing() {
    ListedObjects noId = new ListedObjects(PASS_STARTED);
    noId.listed(JSON.createObjectNode().put("created", "2026-08-22T09:00:03Z"));
    assertThat(noId.incomplete(1)).isEqualTo("an object without an id");

    ListedObjects noCreated = new ListedObjects(PASS_STARTED);
    noCreated.listed(JSON.createObjectNode().put("id", 4));
    assertThat(noCreated.incomplete(1)).isEqualTo("object 4 has no readable 'created'");
  }

  private static ObjectNode object(long id, String created) {
    return JSON.createObjectNode().put("id", id).put("created", created);
  }
}
