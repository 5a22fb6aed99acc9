package io.netboxswarm.netbox.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * A JSON object read strictly: each accessor checks the JSON type and names the offending field by its path when
 * it is wrong. Absent and null are the same for optional fields. Values are never quoted in errors.
 */
final class JsonObject {

  private final JsonNode node;
  private final String path;

  private JsonObject(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** {@code node} as an object, or an error naming {@code path}. */
  static JsonObject of(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw UnmappableWebhookException.wrongType(path, "an object", typeOf(node));
    }
    return new JsonObject(node, path);
  }

  String path() {
    return path;
  }

  boolean isPresent(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  JsonNode raw(String field) {
    JsonNode value = node.get(field);
    return value == null ? NullNode.getInstance() : value;
  }

  String optString(String field) {
    JsonNode value = raw(field);
    if (value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw UnmappableWebhookException.wrongType(at(field), "a string", typeOf(value));
    }
    return value.stringValue();
  }

  String requireString(String field) {
    String value = optString(field);
    if (value == null) {
      throw UnmappableWebhookException.missing(at(field));
    }
    return value;
  }

  /** A string, or a number rendered as text (NetBox serializes some sizes either way). */
  String optStringOrNumber(String field) {
    JsonNode value = raw(field);
    if (value.isNumber()) {
      return value.asString();
    }
    return optString(field);
  }

  Long optLong(String field) {
    JsonNode value = raw(field);
    if (value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw UnmappableWebhookException.wrongType(at(field), "an integer", typeOf(value));
    }
    return value.longValue();
  }

  long requireLong(String field) {
    Long value = optLong(field);
    if (value == null) {
      throw UnmappableWebhookException.missing(at(field));
    }
    return value;
  }

  Integer optInt(String field) {
    JsonNode value = raw(field);
    if (value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw UnmappableWebhookException.wrongType(at(field), "a 32-bit integer", typeOf(value));
    }
    return value.intValue();
  }

  boolean optBoolean(String field, boolean fallback) {
    JsonNode value = raw(field);
    if (value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw UnmappableWebhookException.wrongType(at(field), "a boolean", typeOf(value));
    }
    return value.booleanValue();
  }

  JsonObject optObject(String field) {
    JsonNode value = raw(field);
    return value.isNull() ? null : of(value, at(field));
  }

  /**
   * A reference to another object: an id in a snapshot ({@code "host": 1}), a nested object with an {@code id} in
   * the REST serialization ({@code "host": {"id": 1, ...}}).
   */
  Long optReference(String field) {
    JsonNode value = raw(field);
    if (value.isNull()) {
      return null;
    }
    if (value.isObject()) {
      return of(value, at(field)).requireLong("id");
    }
    return optLong(field);
  }

  /** A list of references (many-to-many): ids in a snapshot, nested objects in the REST serialization. */
  List<Long> references(String field) {
    return list(field, (element, elementPath) -> {
      if (element.isObject()) {
        return of(element, elementPath).requireLong("id");
      }
      if (!element.isIntegralNumber() || !element.canConvertToLong()) {
        throw UnmappableWebhookException.wrongType(elementPath, "an id or an object with an id", typeOf(element));
      }
      return element.longValue();
    });
  }

  /** A list of strings, or null when the field is absent or null. */
  List<String> optStrings(String field) {
    if (!isPresent(field)) {
      return null;
    }
    return list(field, (element, elementPath) -> {
      if (!element.isString()) {
        throw UnmappableWebhookException.wrongType(elementPath, "a string", typeOf(element));
      }
      return element.stringValue();
    });
  }

  /** A list of objects mapped one by one; empty when absent or null. */
  <T> List<T> objects(String field, java.util.function.Function<JsonObject, T> mapper) {
    return list(field, (element, elementPath) -> mapper.apply(of(element, elementPath)));
  }

  /** Tags: names in a snapshot, nested tag objects (with a name) in the REST serialization. */
  List<String> tags() {
    return list("tags", (element, elementPath) -> {
      if (element.isString()) {
        return element.stringValue();
      }
      return of(element, elementPath).requireString("name");
    });
  }

  private <T> List<T> list(String field, BiFunction<JsonNode, String, T> mapper) {
    JsonNode value = raw(field);
    List<T> out = new ArrayList<>();
    if (value.isNull()) {
      return out;
    }
    if (!value.isArray()) {
      throw UnmappableWebhookException.wrongType(at(field), "a list", typeOf(value));
    }
    int i = 0;
    for (JsonNode element : value) {
      out.add(mapper.apply(element, at(field) + "[" + i++ + "]"));
    }
    return out;
  }

  private String at(String field) {
    return path + "." + field;
  }

  static String typeOf(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "absent";
    }
    return switch (node.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
