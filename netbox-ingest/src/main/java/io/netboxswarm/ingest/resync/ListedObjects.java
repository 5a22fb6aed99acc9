package io.netboxswarm.ingest.resync;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The ids one resync pass of a list endpoint saw, and whether they are all NetBox had: only then may the orchestrator
 * take an id missing from them for a deletion. NetBox pages by offset, so a deletion or creation while the pages are
 * read shifts the rest and may hide an object that was there all along. Such a shift leaves a trace this checks
 * for: fewer or more ids than NetBox counted at the first page, an id on two pages, or an object created since the
 * pass began.
 */
final class ListedObjects {

  private final Instant passStarted;
  private final Set<Long> ids = new LinkedHashSet<>();
  private String incomplete;

  /** @param passStarted the pass's start in NetBox's time (what an object's {@code created} is compared with) */
  ListedObjects(Instant passStarted) {
    this.passStarted = passStarted;
  }

  void listed(JsonNode object) {
    JsonNode id = object.path("id");
    if (!id.isIntegralNumber()) {
      incompleteBecause("an object without an id");
    } else if (!ids.add(id.longValue())) {
      incompleteBecause("object " + id.longValue() + " was listed twice");
    }
    Instant created = time(object.path("created"));
    if (created == null) {
      incompleteBecause("object " + id + " has no readable 'created'");
    } else if (!created.isBefore(passStarted)) {
      incompleteBecause("object " + id + " was created after the pass began");
    }
  }

  /** Why the ids may not be all NetBox had, given the {@code count} of the first page; null when they are. */
  String incomplete(int firstPageCount) {
    if (incomplete == null && firstPageCount != ids.size()) {
      incompleteBecause("NetBox counted " + firstPageCount + " objects, the pages held " + ids.size());
    }
    return incomplete;
  }

  Instant passStarted() {
    return passStarted;
  }

  Collection<Long> ids() {
    return Collections.unmodifiableSet(ids);
  }

  private void incompleteBecause(String reason) {
    if (incomplete == null) {
      incomplete = reason;
    }
  }

  private static Instant time(JsonNode value) {
    if (!value.isString()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.stringValue()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
