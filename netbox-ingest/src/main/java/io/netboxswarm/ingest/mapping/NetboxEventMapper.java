package io.netboxswarm.ingest.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.ingest.mapping.UnmappableWebhookException.Reason;
import io.netboxswarm.ingest.sealing.OrchestratorSealer;
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
      case CREATED, SNAPSHOT -> null;
      case UPDATED -> prechange == null ? null : mapper.map(id, prechange, webhookSealer);
      case DELETED -> mapper.map(id, data, webhookSealer);
    };
    SpecificRecord after = kind == EventKind.DELETED ? null : mapper.map(id, data, webhookSealer);
    NetboxEvent netboxEvent = NetboxEvent.newBuilder()
        .setEventId(EventIds.ofWebhook(event, objectType, id, timestamp, requestId))
        .setKind(kind)
        .setObjectType(mapper.objectType())
        .setObjectId(id)
        .setOccurredAt(instant(timestamp, "$.timestamp"))
        .setUser(user)
        .setRequestId(requestId)
        .setBefore(before)
        .setAfter(after)
        .build();
    return new MappedWebhook.Event(Topics.objectKey(model, id), netboxEvent);
  }

  /**
   * A resync snapshot of one object of {@code model} as NetBox's REST API returns it. A Secret's data is never in
   * it: its {@code data} stays null, which means "not sent", not "cleared".
   */
  public MappedWebhook.Event snapshot(String model, JsonNode restObject, Instant observedAt) {
    ModelMapper<? extends SpecificRecord> mapper = byModel.get(model);
    if (mapper == null) {
      throw new IllegalArgumentException("not a model of the contract: " + model);
    }
    JsonObject object = JsonObject.of(restObject, model);
    long id = object.requireLong("id");
    NetboxEvent event = NetboxEvent.newBuilder()
        .setEventId(EventIds.ofSnapshot(model, id, object.optString("last_updated")))
        .setKind(EventKind.SNAPSHOT)
        .setObjectType(mapper.objectType())
        .setObjectId(id)
        .setOccurredAt(observedAt)
        .setAfter(mapper.map(id, object, sealer))
        .build();
    return new MappedWebhook.Event(Topics.objectKey(model, id), event);
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

  private static Instant instant(String value, String path) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw UnmappableWebhookException.wrongType(path, "an ISO-8601 timestamp with offset", "another string");
    }
  }
}
