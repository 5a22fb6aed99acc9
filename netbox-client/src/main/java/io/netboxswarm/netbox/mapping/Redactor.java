package io.netboxswarm.netbox.mapping;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Redacts every secret from a webhook body before it is kept anywhere (the rejected topic): Secret data, API token
 * key and plaintext, JoinTokens, passwords, and the user:password of any URL. Works on a copy.
 */
public final class Redactor {

  static final String REDACTED = "[REDACTED]";

  // Keys whose value (any type) is a secret wherever they appear.
  private static final Set<String> SECRET_KEYS = Set.of("jointokens", "password", "token", "authorization");

  private Redactor() {
  }

  /** A redacted copy of {@code body}. */
  public static JsonNode redact(JsonNode body) {
    JsonNode copy = body.deepCopy();
    redactIn(copy);
    return copy;
  }

  private static void redactIn(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        String key = field.getKey();
        JsonNode value = field.getValue();
        if (isSecret(key, value)) {
          if (!value.isNull()) {
            object.put(key, REDACTED);
          }
        } else if (value.isString()) {
          if (EndpointCredentials.hasCredentials(value.stringValue())) {
            object.put(key, EndpointCredentials.strip(value.stringValue()));
          }
        } else {
          redactIn(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode element = array.get(i);
        if (element.isString() && EndpointCredentials.hasCredentials(element.stringValue())) {
          array.set(i, array.stringNode(EndpointCredentials.strip(element.stringValue())));
        } else {
          redactIn(element);
        }
      }
    }
  }

  private static boolean isSecret(String key, JsonNode value) {
    String lower = key.toLowerCase(Locale.ROOT);
    if (lower.equals("data")) {
      // The webhook's "data" is an object; a Secret's data is a base64 string (and any other scalar is suspect).
      return !value.isObject() && !value.isArray();
    }
    if (lower.equals("worker") || lower.equals("manager")) {
      // join tokens outside a JoinTokens object (a Swarm's JoinTokens is redacted as a whole)
      return value.isString() && value.stringValue().startsWith("SWMTKN-");
    }
    if (lower.equals("secret")) {
      // a nested Secret object (secret mounts) is not secret; a scalar "secret" (a webhook's secret) is
      return value.isString();
    }
    return SECRET_KEYS.contains(lower);
  }
}
