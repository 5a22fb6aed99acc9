package io.netboxswarm.ingest.wiring;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import io.netboxswarm.netbox.NetboxApi;
import io.netboxswarm.netbox.NetboxApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Wires NetBox to the ingest, idempotently: for each object it looks it up by name (GET with a filter), creates it
 * when absent (POST), patches only the fields that differ when present (PATCH), and leaves it alone when it matches.
 * Running it twice changes nothing the second time.
 */
public final class NetboxWiring {

  /** What happened to one NetBox object. */
  public enum Outcome { CREATED, UPDATED, UNCHANGED }

  /** One line of the wiring's report, e.g. {@code webhook "netbox-swarm ingest": CREATED}. */
  public record Step(String kind, String name, long id, Outcome outcome) {
  }

  static final String WEBHOOKS = "/api/extras/webhooks/";
  static final String EVENT_RULES = "/api/extras/event-rules/";
  static final String CUSTOM_FIELDS = "/api/extras/custom-fields/";
  private static final String APP = "netbox_docker_plugin";

  private final NetboxApi netbox;

  public NetboxWiring(NetboxApi netbox) {
    this.netbox = netbox;
  }

  public List<Step> apply(WiringPlan plan) {
    List<Step> steps = new ArrayList<>();
    Step webhook = ensure("webhook", WEBHOOKS, plan.webhookName(), webhook(plan));
    steps.add(webhook);
    for (String model : plan.models()) {
      steps.add(ensure("event rule", EVENT_RULES, "netbox-swarm: " + model, eventRule(model, webhook.id())));
    }
    steps.add(ensure("custom field", CUSTOM_FIELDS, "swarm_node_id",
        customField("Swarm node ID", "Docker Swarm node ID, written by netbox-swarm", "host")));
    steps.add(ensure("custom field", CUSTOM_FIELDS, "swarm_role",
        customField("Swarm role", "manager or worker, written by netbox-swarm", "host")));
    steps.add(ensure("custom field", CUSTOM_FIELDS, "swarm_service_id",
        customField("Swarm service ID", "Docker service ID, written by netbox-swarm", "container")));
    return steps;
  }

  private Step ensure(String kind, String endpoint, String name, ObjectNode desired) {
    desired.put("name", name);
    JsonNode found = netbox.get(endpoint + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    JsonNode results = found.path("results");
    if (results.size() > 1) {
      throw NetboxApiException.unexpected(kind + " '" + name + "' exists " + results.size() + " times in NetBox");
    }
    if (results.isEmpty()) {
      JsonNode created = netbox.post(endpoint, desired);
      return new Step(kind, name, created.path("id").asLong(), Outcome.CREATED);
    }
    JsonNode existing = results.get(0);
    long id = existing.path("id").asLong();
    ObjectNode changes = NetboxApi.json().createObjectNode();
    for (Map.Entry<String, JsonNode> field : desired.properties()) {
      if (!sameValue(field.getValue(), existing.get(field.getKey()))) {
        changes.set(field.getKey(), field.getValue());
      }
    }
    if (changes.isEmpty()) {
      return new Step(kind, name, id, Outcome.UNCHANGED);
    }
    netbox.patch(endpoint + id + "/", changes);
    return new Step(kind, name, id, Outcome.UPDATED);
  }

  /** NetBox answers choices as {value, label} and lists in its own order: compare what it means. */
  static boolean sameValue(JsonNode desired, JsonNode actual) {
    if (actual == null) {
      return false;
    }
    if (actual.isObject() && actual.has("value") && !desired.isObject()) {
      return desired.equals(actual.get("value"));
    }
    if (desired.isArray() && actual.isArray()) {
      return desired.size() == actual.size() && new HashSet<>(desired.values()).equals(new HashSet<>(actual.values()));
    }
    if (desired.isNumber() && actual.isNumber()) {
      return desired.asLong() == actual.asLong();
    }
    return desired.equals(actual);
  }

  private static ObjectNode webhook(WiringPlan plan) {
    ObjectNode webhook = NetboxApi.json().createObjectNode();
    webhook.put("payload_url", plan.ingestWebhookUrl().toString());
    webhook.put("http_method", "POST");
    webhook.put("http_content_type", "application/json");
    webhook.put("additional_headers", "");
    webhook.put("body_template", "");
    webhook.put("secret", plan.webhookSecret());
    webhook.put("ssl_verification", true);
    return webhook;
  }

  private static ObjectNode eventRule(String model, long webhookId) {
    ObjectNode rule = NetboxApi.json().createObjectNode();
    rule.putArray("object_types").add(APP + "." + model);
    rule.putArray("event_types").add("object_created").add("object_updated").add("object_deleted");
    rule.put("enabled", true);
    rule.put("action_type", "webhook");
    rule.put("action_object_type", "extras.webhook");
    rule.put("action_object_id", webhookId);
    return rule;
  }

  private static ObjectNode customField(String label, String description, String model) {
    ObjectNode field = NetboxApi.json().createObjectNode();
    field.putArray("object_types").add(APP + "." + model);
    field.put("type", "text");
    field.put("label", label);
    field.put("description", description);
    field.put("required", false);
    field.put("ui_editable", "no");
    return field;
  }
}
