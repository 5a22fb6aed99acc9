package io.netboxswarm.netbox.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ResyncPass;
import io.netboxswarm.netbox.mapping.UnmappableWebhookException.Reason;
import tools.jackson.databind.JsonNode;

/**
 * Turns a NetBox webhook body (NetBox 4.0 to 4.6: {@code model} or {@code object_type}, with or without
 * {@code request}, {@code username}, {@code request_id}) or a REST object of a resync into a typed
 * {@link NetboxEvent}. {@code after} comes from {@code data} (the full REST serialization); {@code before} from
 * {@code snapshots.prechange} for an update, from {@code data} for a deletion (the object as it was deleted).
 */
public final class NetboxEventMapper {

  /** The plugin's Django app label. */
  public static final String APP_LABEL = "netbox_docker_plugin";

  private final Map<String, ModelMapper<? extends SpecificRecord>> byModel;
  private final OrchestratorSealer sealer;

  public NetboxEventMapper(OrchestratorSealer sealer) {
    this.sealer = sealer;
    this.byModel = List.of(new HostMapper(), new SwarmMapper(), new SecretMapper(),
            new SecretMountMapper(), new ContainerMapper(), new NetworkMapper(), new VolumeMapper(), new ImageMapper())
        .stream().collect(Collectors.toUnmodifiableMap(ModelMapper::model, Function.identity()));
  }

  /** The contract's model names, e.g. {@code host}, {@code secretmount}. */
  public java.util.Set<String> models() {
    return byModel.keySet();
  }

  /** Maps a webhook body; throws {@link UnmappableWebhookException} when it is not a mappable webhook. */
  public MappedWebhook map(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new UnmappableWebhookException(Reason.NOT_AN_OBJECT, "the body must be a JSON object, not "
          + JsonObject.typeOf(body));
    }
    JsonObject root = JsonObject.of(body, "$");
    String objectType = objectType(root);
    String model = objectType.substring(objectType.indexOf('.') + 1);
    ModelMapper<? extends SpecificRecord> mapper = objectType.startsWith(APP_LABEL + ".") ? byModel.get(model) : null;
    if (mapper == null) {
      return new MappedWebhook.Ignored(objectType);
    }
    String event = root.requireString("event");
    EventKind kind = switch (event) {
      case "created" -> EventKind.CREATED;
      case "updated" -> EventKind.UPDATED;
      case "deleted" -> EventKind.DELETED;
      default -> throw new UnmappableWebhookException(Reason.UNKNOWN_EVENT,
          "field '$.event' must be created, updated or deleted");
    };
    String timestamp = root.requireString("timestamp");
    Instant at = netboxTime(timestamp, "$.timestamp");
    JsonObject data = root.optObject("data");
    if (data == null) {
      throw UnmappableWebhookException.missing("$.data");
    }
    long id = data.requireLong("id");
    JsonObject request = root.optObject("request");
    String requestId = root.isPresent("request_id") ? root.optString("request_id")
        : request == null ? null : request.optString("id");
    String user = root.isPresent("username") ? root.optString("username")
        : request == null ? null : request.optString("user");
    JsonObject snapshots = root.optObject("snapshots");
    JsonObject prechange = snapshots == null ? null : snapshots.optObject("prechange");

    OrchestratorSealer webhookSealer = sealer.forOneWebhook();
    SpecificRecord before = switch (kind) {
      case CREATED, SNAPSHOT, RESYNC_COMPLETED -> null;
      case UPDATED -> prechange == null ? null : mapper.map(id, prechange, webhookSealer);
      case DELETED -> mapper.map(id, data, webhookSealer);
    };
    SpecificRecord after = kind == EventKind.DELETED ? null : mapper.map(id, data, webhookSealer);
    NetboxEvent netboxEvent = NetboxEvent.newBuilder()
        .setEventId(EventIds.ofWebhook(event, objectType, id, timestamp, requestId))
        .setKind(kind)
        .setObjectType(mapper.objectType())
        .setObjectId(id)
        .setOccurredAt(toMillis(at))
        .setNetboxTime(at)
        .setUser(user)
        .setRequestId(requestId)
        .setBefore(before)
        .setAfter(after)
        .build();
    return new MappedWebhook.Event(Topics.objectKey(model, id), netboxEvent);
  }

  /**
   * A resync snapshot of one object of {@code model} as NetBox's REST API returns it, at its {@code last_updated}:
   * the time of the save it shows, so that a page read just before a change never passes for newer than the
   * change's webhook. A Secret's data is never in it: its {@code data} stays null, which means "not sent", not
   * "cleared".
   */
  public MappedWebhook.Event snapshot(String model, JsonNode restObject) {
    ModelMapper<? extends SpecificRecord> mapper = mapperOf(model);
    JsonObject object = JsonObject.of(restObject, model);
    long id = object.requireLong("id");
    String lastUpdated = object.requireString("last_updated");
    Instant at = netboxTime(lastUpdated, model + ".last_updated");
    NetboxEvent event = NetboxEvent.newBuilder()
        .setEventId(EventIds.ofSnapshot(model, id, lastUpdated))
        .setKind(EventKind.SNAPSHOT)
        .setObjectType(mapper.objectType())
        .setObjectId(id)
        .setOccurredAt(toMillis(at))
        .setNetboxTime(at)
        .setAfter(mapper.map(id, object, sealer))
        .build();
    return new MappedWebhook.Event(Topics.objectKey(model, id), event);
  }

  /**
   * The end of a complete resync pass of {@code model}: every object of it NetBox listed, and the pass's start in
   * NetBox's time, before which an object not listed was deleted. Key {@code <model>:resync}.
   */
  public MappedWebhook.Event resyncCompleted(String model, Instant passStarted, Collection<Long> present) {
    Instant at = passStarted.truncatedTo(ChronoUnit.MICROS);
    NetboxEvent event = NetboxEvent.newBuilder()
        .setEventId(EventIds.ofResyncPass(model, at))
        .setKind(EventKind.RESYNC_COMPLETED)
        .setObjectType(mapperOf(model).objectType())
        .setObjectId(0)
        .setOccurredAt(toMillis(at))
        .setNetboxTime(at)
        .setResync(ResyncPass.newBuilder().setStartedAt(at).setPresent(List.copyOf(present)).build())
        .build();
    return new MappedWebhook.Event(model + ":resync", event);
  }

  private ModelMapper<? extends SpecificRecord> mapperOf(String model) {
    ModelMapper<? extends SpecificRecord> mapper = byModel.get(model);
    if (mapper == null) {
      throw new IllegalArgumentException("not a model of the contract: " + model);
    }
    return mapper;
  }

  /** {@code app_label.model}: from {@code object_type} (NetBox 4.4 on), else from {@code model} (up to 4.4). */
  private String objectType(JsonObject root) {
    String objectType = root.optString("object_type");
    if (objectType != null) {
      return objectType.toLowerCase(Locale.ROOT);
    }
    String model = root.optString("model");
    if (model == null) {
      throw UnmappableWebhookException.missing("$.object_type");
    }
    // NetBox before 4.4 sent the bare model name only; the plugin's model names are the contract's.
    String bare = model.toLowerCase(Locale.ROOT);
    return byModel.containsKey(bare) ? APP_LABEL + "." + bare : bare;
  }

  /** NetBox's time of a change, to the microsecond (NetBox writes no finer; Avro's timestamp-micros holds no finer). */
  private static Instant netboxTime(String value, String path) {
    try {
      return OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeParseException e) {
      throw UnmappableWebhookException.wrongType(path, "an ISO-8601 timestamp with offset", "another string");
    }
  }

  /** occurredAt, for readers from before netboxTime: the same instant, cut to what timestamp-millis holds. */
  private static Instant toMillis(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS);
  }
}
