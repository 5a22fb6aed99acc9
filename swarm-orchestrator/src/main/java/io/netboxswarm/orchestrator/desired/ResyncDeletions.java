package io.netboxswarm.orchestrator.desired;

import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.ResyncPass;
import io.netboxswarm.orchestrator.state.ObjectVersion;
import io.netboxswarm.orchestrator.state.World;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * After a complete resync pass of one object type: the desired objects of that type that NetBox no longer has,
 * because their deletion's webhook was lost. An object is gone only when the pass did not list it and the newest
 * change known of it is older than the pass's start: one created or changed since may simply have come after the
 * pass read its page, and is left alone.
 */
final class ResyncDeletions {

  private final World world;

  ResyncDeletions(World world) {
    this.world = world;
  }

  /** The ids of the objects of {@code type} gone from NetBox, by the pass's findings; in ascending order. */
  List<Long> gone(ObjectType type, ResyncPass pass) {
    Set<Long> present = new HashSet<>(pass.getPresent());
    long passStarted = EventOrder.microsOf(pass.getStartedAt());
    return desiredIds(type).filter(Objects::nonNull).filter(id -> !present.contains(id)).filter(id -> {
      ObjectVersion version = world.versions.get(DesiredState.versionKey(type, id));
      return version != null && !version.deleted() && EventOrder.of(version).micros() < passStarted;
    }).sorted().distinct().toList();
  }

  private Stream<Long> desiredIds(ObjectType type) {
    return switch (type) {
      case SWARM -> world.swarms.values().stream().map(spec -> spec.id());
      case HOST -> world.hosts.values().stream().map(spec -> spec.id());
      case SECRET -> world.secrets.values().stream().map(spec -> spec.id());
      case NETWORK -> world.networks.values().stream().map(spec -> spec.id());
      case CONTAINER -> world.containers.values().stream().map(spec -> spec.id());
      case SECRET_MOUNT -> world.secretMounts.values().stream().map(spec -> spec.id());
      case VOLUME, IMAGE -> Stream.empty(); // nothing desired of them
    };
  }
}
