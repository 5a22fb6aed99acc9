package io.netboxswarm.ingest.wiring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.netboxswarm.ingest.wiring.NetboxWiring.Outcome;
import io.netboxswarm.netbox.NetboxApi;
import io.netboxswarm.netbox.NetboxToken;

/** The wiring command against an HTTP double answering as NetBox 4.6 does, checking each exact request. */
class NetboxWiringTest {

  static final WireMockServer NETBOX = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  static final String V1_TOKEN = "0123456789abcdef0123456789abcdef01234567";
  static final String SECRET = "wiring-webhook-secret";
  static final URI INGEST = URI.create("http://ingest.example:8081/webhooks/netbox");
  static final List<String> MODELS = WiringPlan.CONTRACT_MODELS;

  static {
    NETBOX.start();
  }

  @AfterAll
  static void stop() {
    NETBOX.stop();
  }

  @BeforeEach
  void reset() {
    NETBOX.resetAll();
  }

  NetboxWiring wiring() {
    return new NetboxWiring(new NetboxApi(URI.create(NETBOX.baseUrl()), new NetboxToken(V1_TOKEN),
        Duration.ofSeconds(5)));
  }

  @Test
  void anEmptyNetboxGetsTheWebhookTheRulesAndTheCustomFields() {
    stubList("/api/extras/webhooks/?name=netbox-swarm+ingest", "");
    for (String model : MODELS) {
      stubList("/api/extras/event-rules/?name=netbox-swarm%3A+" + model, "");
    }
    for (String field : List.of("swarm_node_id", "swarm_role", "swarm_service_id")) {
      stubList("/api/extras/custom-fields/?name=" + field, "");
    }
    NETBOX.stubFor(post("/api/extras/webhooks/").willReturn(json(201, "{\"id\": 7, \"name\": \"netbox-swarm ingest\"}")));
    NETBOX.stubFor(post("/api/extras/event-rules/").willReturn(json(201, "{\"id\": 40}")));
    NETBOX.stubFor(post("/api/extras/custom-fields/").willReturn(json(201, "{\"id\": 60}")));

    List<NetboxWiring.Step> steps = wiring().apply(WiringPlan.of(INGEST, SECRET));

    assertThat(steps).extracting(NetboxWiring.Step::outcome).containsOnly(Outcome.CREATED);
    assertThat(steps).hasSize(1 + MODELS.size() + 3);
    NETBOX.verify(anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Token " + V1_TOKEN)));
    NETBOX.verify(1, postRequestedFor(urlEqualTo("/api/extras/webhooks/")).withRequestBody(equalToJson("""
        {"name": "netbox-swarm ingest", "payload_url": "http://ingest.example:8081/webhooks/netbox",
         "http_method": "POST", "http_content_type": "application/json", "additional_headers": "",
         "body_template": "", "secret": "wiring-webhook-secret", "ssl_verification": true}""")));
    for (String model : MODELS) {
      NETBOX.verify(1, postRequestedFor(urlEqualTo("/api/extras/event-rules/")).withRequestBody(equalToJson("""
          {"name": "netbox-swarm: %s", "object_types": ["netbox_docker_plugin.%s"],
           "event_types": ["object_created", "object_updated", "object_deleted"], "enabled": true,
           "action_type": "webhook", "action_object_type": "extras.webhook", "action_object_id": 7}"""
          .formatted(model, model))));
    }
    NETBOX.verify(1, postRequestedFor(urlEqualTo("/api/extras/custom-fields/")).withRequestBody(equalToJson("""
        {"name": "swarm_node_id", "object_types": ["netbox_docker_plugin.host"], "type": "text",
         "label": "Swarm node ID", "description": "Docker Swarm node ID, written by netbox-swarm",
         "required": false, "ui_editable": "no"}""")));
    NETBOX.verify(1, postRequestedFor(urlEqualTo("/api/extras/custom-fields/")).withRequestBody(equalToJson("""
        {"name": "swarm_role", "object_types": ["netbox_docker_plugin.host"], "type": "text",
         "label": "Swarm role", "description": "manager or worker, written by netbox-swarm",
         "required": false, "ui_editable": "no"}""")));
    NETBOX.verify(1, postRequestedFor(urlEqualTo("/api/extras/custom-fields/")).withRequestBody(equalToJson("""
        {"name": "swarm_service_id", "object_types": ["netbox_docker_plugin.container"], "type": "text",
         "label": "Swarm service ID", "description": "Docker service ID, written by netbox-swarm",
         "required": false, "ui_editable": "no"}""")));
    assertThat(NETBOX.findAllUnmatchedRequests()).isEmpty();
    assertThat(NETBOX.getAllServeEvents()).hasSize(2 * (1 + MODELS.size() + 3));
  }

  @Test
  void aWiredNetboxIsLeftAloneAndOnlyWhatDiffersIsPatched() {
    // the webhook exists, pointing elsewhere with an old secret
    stubList("/api/extras/webhooks/?name=netbox-swarm+ingest", """
        {"id": 7, "url": "/api/extras/webhooks/7/", "display": "netbox-swarm ingest", "name": "netbox-swarm ingest",
         "description": "", "payload_url": "http://old-ingest:8081/webhooks/netbox", "http_method": "POST",
         "http_content_type": "application/json", "additional_headers": "", "body_template": "",
         "secret": "old-secret", "ssl_verification": true, "ca_file_path": null, "custom_fields": {}, "tags": []}""");
    // the rules and fields exist as NetBox renders them: choices as {value, label}, lists in its own order
    for (String model : MODELS) {
      stubList("/api/extras/event-rules/?name=netbox-swarm%3A+" + model, """
          {"id": %d, "name": "netbox-swarm: %s", "object_types": ["netbox_docker_plugin.%s"],
           "event_types": ["object_deleted", "object_created", "object_updated"], "enabled": true,
           "conditions": null, "action_type": {"value": "webhook", "label": "Webhook"},
           "action_object_type": "extras.webhook", "action_object_id": 7,
           "action_object": {"id": 7, "name": "netbox-swarm ingest"}, "description": "", "custom_fields": {},
           "tags": []}""".formatted(40 + MODELS.indexOf(model), model, model));
    }
    for (Map.Entry<String, String[]> field : Map.of(
        "swarm_node_id", new String[] {"Swarm node ID", "Docker Swarm node ID, written by netbox-swarm", "host"},
        "swarm_role", new String[] {"Swarm role", "manager or worker, written by netbox-swarm", "host"},
        "swarm_service_id", new String[] {"Swarm service ID", "Docker service ID, written by netbox-swarm",
            "container"}).entrySet()) {
      stubList("/api/extras/custom-fields/?name=" + field.getKey(), """
          {"id": 60, "name": "%s", "object_types": ["netbox_docker_plugin.%s"],
           "type": {"value": "text", "label": "Text"}, "label": "%s", "description": "%s", "required": false,
           "ui_editable": {"value": "no", "label": "No"}, "ui_visible": {"value": "always", "label": "Always"}}"""
          .formatted(field.getKey(), field.getValue()[2], field.getValue()[0], field.getValue()[1]));
    }
    NETBOX.stubFor(patch(urlEqualTo("/api/extras/webhooks/7/")).willReturn(json(200, "{\"id\": 7}")));

    List<NetboxWiring.Step> steps = wiring().apply(WiringPlan.of(INGEST, SECRET));

    assertThat(steps.get(0).outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(steps.subList(1, steps.size())).extracting(NetboxWiring.Step::outcome).containsOnly(Outcome.UNCHANGED);
    NETBOX.verify(1, patchRequestedFor(urlEqualTo("/api/extras/webhooks/7/")).withRequestBody(equalToJson(
        "{\"payload_url\": \"http://ingest.example:8081/webhooks/netbox\", \"secret\": \"wiring-webhook-secret\"}")));
    NETBOX.verify(0, postRequestedFor(anyUrl()));
    assertThat(NETBOX.findAllUnmatchedRequests()).isEmpty();
    NETBOX.verify(1 + MODELS.size() + 3, getRequestedFor(anyUrl()));
  }

  @Test
  void theCommandReportsEachStepAndNeverPrintsTheSecrets() {
    stubList("/api/extras/webhooks/?name=netbox-swarm+ingest", "");
    NETBOX.stubFor(WireMock.get(WireMock.urlPathMatching("/api/extras/(event-rules|custom-fields)/"))
        .willReturn(json(200, "{\"count\": 0, \"next\": null, \"previous\": null, \"results\": []}")));
    NETBOX.stubFor(post(WireMock.urlPathMatching("/api/extras/.*")).willReturn(json(201, "{\"id\": 3}")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String v2 = "nbt_Ab3dEf6hIj9k.q9XvL2mN7rT4wY8zB1cD5fG3hJ6kP0sU2aE4iO7u";
    int status = WiringCommand.run(new String[] {"--netbox-url=" + NETBOX.baseUrl(),
        "--ingest-url=http://ingest.example:8081/"}, Map.of("NETBOX_SWARM_NETBOX_TOKEN", v2,
        "NETBOX_SWARM_INGEST_WEBHOOK_SECRET", SECRET)::get, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("webhook 'netbox-swarm ingest' (id 3): CREATED",
        "event rule 'netbox-swarm: secretmount' (id 3): CREATED", "custom field 'swarm_service_id' (id 3): CREATED");
    assertThat(printed + err.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET, "q9XvL2mN7rT4wY8zB1cD5fG3hJ6kP0sU2aE4iO7u");
    NETBOX.verify(anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer " + v2)));
    NETBOX.verify(postRequestedFor(urlEqualTo("/api/extras/webhooks/"))
        .withRequestBody(WireMock.matchingJsonPath("$.payload_url", equalTo("http://ingest.example:8081/webhooks/netbox"))));

    assertThat(WiringCommand.run(new String[] {"--netbox-url=" + NETBOX.baseUrl()}, Map.<String, String>of()::get,
        new PrintStream(out), new PrintStream(err))).isEqualTo(2);
  }

  private static void stubList(String url, String result) {
    String body = result.isEmpty() ? "{\"count\": 0, \"next\": null, \"previous\": null, \"results\": []}"
        : "{\"count\": 1, \"next\": null, \"previous\": null, \"results\": [" + result + "]}";
    NETBOX.stubFor(WireMock.get(urlEqualTo(url)).willReturn(json(200, body)));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }
}
