package io.netboxswarm.testkit.netbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * NetBox's REST API as netbox-swarm meets it, on 127.0.0.1: it accepts only the requests the real NetBox would
 * accept (the plugin's object paths with a trailing slash, JSON, the API token as NetBox wants it: {@code Token} for
 * a v1 token, {@code Bearer} for a v2 {@code nbt_} one) and answers them as NetBox does: 200 with the object for a
 * PATCH, 201 for a new journal entry, pages of {@code count/next/previous/results} for a list. Anything else is
 * unmatched, which the tests assert never happens.
 */
public final class NetboxApiDouble implements AutoCloseable {

  /** A v1 token, sent as {@code Authorization: Token ...}. */
  public static final String TOKEN = "0123456789abcdef0123456789abcdef01234567";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private volatile StubMapping outage;

  public NetboxApiDouble() {
    server.start();
    server.stubFor(patch(urlPathMatching("/api/plugins/docker/(swarms|hosts|secrets|networks|containers)/[0-9]+/"))
        .withHeader("Authorization", equalTo("Token " + TOKEN))
        .withHeader("Content-Type", equalTo("application/json"))
        .withHeader("Accept", equalTo("application/json"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"id\": 1, \"url\": \"/api/plugins/docker/objects/1/\"}")));
    server.stubFor(post(urlEqualTo("/api/extras/journal-entries/"))
        .withHeader("Authorization", equalTo("Token " + TOKEN))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(matchingJsonPath("$.assigned_object_type", com.github.tomakehurst.wiremock.client.WireMock
            .matching("netbox_docker_plugin\\.(swarm|host|secret|secretmount|network|container)")))
        .withRequestBody(matchingJsonPath("$.assigned_object_id"))
        .withRequestBody(matchingJsonPath("$.kind", com.github.tomakehurst.wiremock.client.WireMock
            .matching("info|success|warning|danger")))
        .withRequestBody(matchingJsonPath("$.comments"))
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody("{\"id\": 1, \"url\": \"/api/extras/journal-entries/1/\"}")));
  }

  /**
   * Serves {@code GET /api/plugins/docker/<endpoint>/?limit=<limit>} as one page holding these REST objects, as a
   * resync reads it.
   */
  public void serveList(String endpoint, int limit, java.util.List<? extends JsonNode> objects) {
    tools.jackson.databind.node.ObjectNode page = JSON.createObjectNode();
    page.put("count", objects.size());
    page.putNull("next");
    page.putNull("previous");
    page.putArray("results").addAll(objects.stream().map(JsonNode.class::cast).toList());
    server.stubFor(get(urlEqualTo("/api/plugins/docker/" + endpoint + "/?limit=" + limit))
        .withHeader("Authorization", equalTo("Token " + TOKEN))
        .withHeader("Accept", equalTo("application/json"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(JSON.writeValueAsString(page))));
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** A request NetBox received: method, path, its JSON body and the status it was answered with. */
  public record Request(String method, String path, JsonNode body, int status) {
  }

  /** From now on NetBox answers every request 503, as during an upgrade or a database outage. */
  public void unavailable() {
    outage = server.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)
        .withHeader("Content-Type", "text/html").withBody("<h1>503 Service Unavailable</h1>")));
  }

  /** NetBox answers again as before. */
  public void available() {
    if (outage != null) {
      server.removeStub(outage);
      outage = null;
    }
  }

  public List<Request> requests() {
    return server.getAllServeEvents().stream().sorted(
            java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()))
        .map(e -> new Request(e.getRequest().getMethod().getName(), e.getRequest().getUrl(),
            e.getRequest().getBodyAsString().isEmpty() ? null : JSON.readTree(e.getRequest().getBodyAsString()),
            e.getResponse().getStatus())).toList();
  }

  public List<Request> requests(String method, String path) {
    return requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
  }

  public List<JsonNode> journal() {
    return requests("POST", "/api/extras/journal-entries/").stream().map(Request::body).toList();
  }

  /** Journal entries on one object. */
  public List<JsonNode> journalOn(String model, long id) {
    return journal().stream().filter(j -> j.path("assigned_object_type").asString()
        .equals("netbox_docker_plugin." + model) && j.path("assigned_object_id").asLong() == id).toList();
  }

  /** Waits for a request to the path whose body matches and that NetBox accepted. */
  public Request await(String method, String path, Predicate<JsonNode> body) {
    return await(method + " " + path + " accepted", r -> r.method().equals(method) && r.path().equals(path)
        && r.status() < 300 && body.test(r.body()));
  }

  /** Waits for a request to the path that NetBox answered with this status. */
  public Request awaitAnswered(String method, String path, int status) {
    return await(method + " " + path + " answered " + status, r -> r.method().equals(method)
        && r.path().equals(path) && r.status() == status);
  }

  private Request await(String what, Predicate<Request> matching) {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < until) {
      for (Request r : requests()) {
        if (matching.test(r)) {
          return r;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("NetBox received no " + what + "; it received: "
        + requests().stream().map(r -> r.method() + " " + r.path() + " " + r.body() + " -> " + r.status()).toList());
  }

  public JsonNode awaitJournal(String model, long id) {
    return await("POST", "/api/extras/journal-entries/", j -> j.path("assigned_object_type").asString()
        .equals("netbox_docker_plugin." + model) && j.path("assigned_object_id").asLong() == id).body();
  }

  /** Requests NetBox would have refused (wrong path, headers or body): none is expected. */
  public List<String> unmatched() {
    return server.findAllUnmatchedRequests().stream().map(r -> r.getMethod() + " " + r.getUrl() + " "
        + r.getBodyAsString()).toList();
  }

  @Override
  public void close() {
    server.stop();
  }
}
