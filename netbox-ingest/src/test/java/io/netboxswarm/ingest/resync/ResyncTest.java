package io.netboxswarm.ingest.resync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.Host;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ResyncPass;
import io.netboxswarm.contracts.netbox.Secret;
import io.netboxswarm.contracts.netbox.Swarm;
import io.netboxswarm.ingest.Fixture;
import io.netboxswarm.ingest.IngestIntegrationTest;
import io.netboxswarm.ingest.TestKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resync against an HTTP double answering as NetBox 4.6 does (count/next/previous/results, absolute next links,
 * REST serializations): one SNAPSHOT event per object, exact requests with the v2 token, an unmappable object
 * skipped and reported without losing the others.
 */
@TestPropertySource(properties = {
    "netbox-swarm.ingest.publish.events-topic=it.resync.events",
    "netbox-swarm.ingest.netbox.page-size=2",
    "netbox-swarm.ingest.webhook.max-age=5m"}) // what a pass's start allows for NetBox's clock
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResyncTest extends IngestIntegrationTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String TOKEN = "nbt_Ab3dEf6hIj9k.q9XvL2mN7rT4wY8zB1cD5fG3hJ6kP0sU2aE4iO7u";
  static final WireMockServer NETBOX = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  static {
    NETBOX.start();
  }

  @DynamicPropertySource
  static void netbox(DynamicPropertyRegistry registry) {
    registry.add("netbox-swarm.ingest.netbox.url", NETBOX::baseUrl);
    registry.add("netbox-swarm.ingest.netbox.token", () -> TOKEN);
  }

  @BeforeEach
  void reset() {
    NETBOX.resetAll();
  }

  @AfterAll
  static void stop() {
    NETBOX.stop();
  }

  @Test
  @Order(1) // counts every record of the topic
  void publishesASnapshotPerObjectFromEveryPage() throws Exception {
    JsonNode host1 = data("host_created");
    ObjectNode host2 = (ObjectNode) host1.deepCopy();
    host2.put("id", 2).put("name", "docker-host-02").put("endpoint", "https://agent:Agent-Pass-2@10.0.0.12:1880");
    ObjectNode host3 = (ObjectNode) host1.deepCopy();
    host3.put("id", 3).put("name", "docker-host-03").put("endpoint", "http://10.0.0.13:1880");
    // Host pages: NetBox renders absolute next links with its own host name.
    stub("/api/plugins/docker/hosts/?limit=2", page(3, "https://netbox.example.com/api/plugins/docker/hosts/?limit=2&offset=2", host1, host2));
    stub("/api/plugins/docker/hosts/?limit=2&offset=2", page(3, null, host3));
    stub("/api/plugins/docker/swarms/?limit=2", page(1, null, data("swarm_updated_nodes_removed")));
    stub("/api/plugins/docker/secrets/?limit=2", page(1, null, data("secret_created")));
    stub("/api/plugins/docker/secret-mounts/?limit=2", page(1, null, data("secretmount_created")));
    ObjectNode broken = (ObjectNode) data("container_created").deepCopy();
    broken.put("id", 99).put("name", 5);
    stub("/api/plugins/docker/containers/?limit=2", page(2, null, data("container_created"), broken));
    stub("/api/plugins/docker/networks/?limit=2", page(1, null, data("network_overlay_created")));

    HttpResponse<String> response = resync("Bearer " + ADMIN_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode report = JSON.readTree(response.body());
    assertThat(report.get("published").toString()).isEqualTo(
        "{\"hosts\":3,\"swarms\":1,\"secrets\":1,\"secret-mounts\":1,\"containers\":1,\"networks\":1}");
    assertThat(report.get("unmappable").get("containers").get(0).longValue()).isEqualTo(99);

    // exactly the requests NetBox would get, each once, with the v2 token as Bearer
    for (String path : List.of("/api/plugins/docker/hosts/?limit=2", "/api/plugins/docker/hosts/?limit=2&offset=2",
        "/api/plugins/docker/swarms/?limit=2", "/api/plugins/docker/secrets/?limit=2",
        "/api/plugins/docker/secret-mounts/?limit=2", "/api/plugins/docker/containers/?limit=2",
        "/api/plugins/docker/networks/?limit=2")) {
      NETBOX.verify(1, getRequestedFor(urlEqualTo(path))
          .withHeader("Authorization", equalTo("Bearer " + TOKEN))
          .withHeader("Accept", equalTo("application/json")));
    }
    assertThat(NETBOX.getAllServeEvents()).hasSize(7);
    assertThat(NETBOX.findAllUnmatchedRequests()).isEmpty();

    // 8 snapshots and, each endpoint read completely, 6 RESYNC_COMPLETED
    List<ConsumerRecord<String, NetboxEvent>> all = read("it.resync.events", seen -> seen.size() >= 14);
    assertThat(all).hasSize(14);
    List<ConsumerRecord<String, NetboxEvent>> records = all.stream()
        .filter(r -> r.value().getKind() == EventKind.SNAPSHOT).toList();
    assertThat(records).hasSize(8);
    Map<String, NetboxEvent> byKey = records.stream()
        .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
    assertThat(byKey.keySet()).containsExactlyInAnyOrder("host:1", "host:2", "host:3", "swarm:5", "secret:9",
        "secretmount:31", "container:12", "network:6");
    assertThat(byKey.values()).allSatisfy(e -> {
      assertThat(e.getBefore()).isNull();
      assertThat(e.getAfter()).isNotNull();
    });
    // stamped with NetBox's last_updated, to the microsecond, not with the time of the resync
    assertThat(byKey.get("swarm:5").getNetboxTime()).isEqualTo(Instant.parse("2026-08-22T09:14:00.031337Z"));
    assertThat(((Host) byKey.get("host:2").getAfter()).getEndpoint()).isEqualTo("https://10.0.0.12:1880");
    assertThat(((Host) byKey.get("host:3").getAfter()).getEndpoint()).isEqualTo("http://10.0.0.13:1880");
    Swarm swarm = (Swarm) byKey.get("swarm:5").getAfter();
    assertThat(swarm.getManagerNodes()).containsExactly(1L, 2L);
    assertThat(new String(TestKeys.open(swarm.getJoinTokens().getWorker(),
        SealingContext.joinToken("wq2rm5e4zhkd0bk7kl9j1b3xv", "worker")), StandardCharsets.UTF_8)).startsWith("SWMTKN-1");
    assertThat(((Secret) byKey.get("secret:9").getAfter()).getData()).as("not sent, not cleared").isNull();

    Map<String, ResyncPass> passes = all.stream().filter(r -> r.value().getKind() == EventKind.RESYNC_COMPLETED)
        .collect(Collectors.toMap(ConsumerRecord::key, r -> r.value().getResync()));
    assertThat(passes.keySet()).containsExactlyInAnyOrder("host:resync", "swarm:resync", "secret:resync",
        "secretmount:resync", "container:resync", "network:resync");
    assertThat(passes.get("host:resync").getPresent()).as("from both pages").containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(passes.get("container:resync").getPresent()).as("the unmappable one is still in NetBox")
        .containsExactlyInAnyOrder(12L, 99L);
    assertThat(report.get("complete")).hasSize(6);

    // a second resync of the same state gives the same snapshot ids
    NETBOX.resetRequests();
    resync("Bearer " + ADMIN_TOKEN);
    List<ConsumerRecord<String, NetboxEvent>> twice = read("it.resync.events", seen -> seen.size() >= 28);
    assertThat(twice.subList(14, 28).stream().filter(r -> r.value().getKind() == EventKind.SNAPSHOT)
        .map(r -> r.value().getEventId()).toList())
        .containsExactlyInAnyOrderElementsOf(records.stream().map(r -> r.value().getEventId()).toList());
  }

  @Test
  void aPassStartsNoLaterThanNetboxsClockAndNamesNothingWhenTheListShiftedWhileItWasRead() throws Exception {
    JsonNode host1 = data("host_created");
    ObjectNode host2 = ((ObjectNode) host1.deepCopy()).put("id", 2);
    // hosts: complete
    stub("/api/plugins/docker/hosts/?limit=2", page(2, null, host1, host2));
    // swarms: NetBox counted 3, but a deletion while the pages were read shifted one out of sight
    stub("/api/plugins/docker/swarms/?limit=2", page(3, "https://netbox.example.com/api/plugins/docker/swarms/?limit=2&offset=2",
        data("swarm_created"), ((ObjectNode) data("swarm_created").deepCopy()).put("id", 6)));
    stub("/api/plugins/docker/swarms/?limit=2&offset=2", page(2, null));
    // secrets: one created after the pass began (NetBox's clock may be behind: it still counts)
    ObjectNode fresh = ((ObjectNode) data("secret_created").deepCopy()).put("created", Instant.now().minusSeconds(200)
        .toString());
    stub("/api/plugins/docker/secrets/?limit=2", page(1, null, fresh));
    for (String empty : List.of("secret-mounts", "containers", "networks")) {
      stub("/api/plugins/docker/" + empty + "/?limit=2", page(0, null));
    }
    Instant before = Instant.now();
    HttpResponse<String> response = resync("Bearer " + ADMIN_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("complete").toString())
        .isEqualTo("[\"hosts\",\"secret-mounts\",\"containers\",\"networks\"]");

    // this pass's markers: started no earlier than 5 minutes before this test's clock
    Predicate<ConsumerRecord<String, NetboxEvent>> ofThisPass = r -> r.value().getKind() == EventKind.RESYNC_COMPLETED
        && !r.value().getResync().getStartedAt().isBefore(before.minusSeconds(300));
    List<ConsumerRecord<String, NetboxEvent>> markers = read("it.resync.events",
        (List<ConsumerRecord<String, NetboxEvent>> seen) -> seen.stream().filter(ofThisPass).count() >= 4)
        .stream().filter(ofThisPass).toList();
    assertThat(markers).extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("host:resync", "secretmount:resync", "container:resync", "network:resync");
    Map<String, ResyncPass> byKey = markers.stream()
        .collect(Collectors.toMap(ConsumerRecord::key, r -> r.value().getResync()));
    ResyncPass hosts = byKey.get("host:resync");
    assertThat(hosts.getPresent()).containsExactly(1L, 2L);
    // max-age (5 minutes): how far NetBox's clock may lag before its webhooks are refused
    assertThat(hosts.getStartedAt()).isBetween(before.minusSeconds(300).minusSeconds(1),
        Instant.now().minusSeconds(300));
    assertThat(byKey.get("network:resync").getPresent()).as("nothing listed: all gone").isEmpty();
  }

  @Test
  void netboxFailingIs502() throws Exception {
    NETBOX.stubFor(WireMock.get(urlEqualTo("/api/plugins/docker/hosts/?limit=2")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json").withBody("{\"detail\": \"Invalid v2 token\"}")));
    HttpResponse<String> response = resync("Bearer " + ADMIN_TOKEN);
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("GET /api/plugins/docker/hosts/?limit=2: NetBox answered 403")
        .doesNotContain(TOKEN);
  }

  @Test
  void resyncRunsOnlyWithTheAdminTokenAndOnlyOnTheManagementPort() throws Exception {
    for (String[] refused : new String[][] {{null, "MISSING_TOKEN"}, {"Bearer", "MISSING_TOKEN"},
        {"Basic " + ADMIN_TOKEN, "MISSING_TOKEN"}, {"Bearer wrong-token-0123456789abcdef", "BAD_TOKEN"},
        {"Bearer " + ADMIN_TOKEN + "x", "BAD_TOKEN"}, {"Bearer " + ADMIN_TOKEN.substring(1), "BAD_TOKEN"}}) {
      HttpResponse<String> response = resync(refused[0]);
      assertThat(response.statusCode()).as("%s: %s", refused[0], response.body()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
          challenge -> assertThat(challenge).startsWith("Bearer "));
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/problem+json"));
      JsonNode problem = JSON.readTree(response.body());
      assertThat(problem.get("status").intValue()).isEqualTo(401);
      assertThat(problem.get("code").stringValue()).isEqualTo(refused[1]);
      assertThat(problem.get("detail").stringValue()).isNotBlank();
      assertThat(response.body()).doesNotContain(ADMIN_TOKEN);
    }
    // Not on the webhook port, with or without the token.
    HttpResponse<String> onWebhookPort = HTTP.send(HttpRequest.newBuilder(url("/actuator/resync"))
        .header("Authorization", "Bearer " + ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(onWebhookPort.statusCode()).isEqualTo(404);
    assertThat(NETBOX.getAllServeEvents()).as("no resync ran").isEmpty();
  }

  /** POST /actuator/resync on the management port, with this Authorization header (null: none). */
  private HttpResponse<String> resync(String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(managementUrl("/actuator/resync"))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void stub(String path, JsonNode page) {
    NETBOX.stubFor(WireMock.get(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(page))));
  }

  private static JsonNode page(int count, String next, JsonNode... results) {
    ObjectNode page = JSON.createObjectNode();
    page.put("count", count);
    if (next == null) {
      page.putNull("next");
    } else {
      page.put("next", next);
    }
    page.putNull("previous");
    ArrayNode array = page.putArray("results");
    for (JsonNode result : results) {
      array.add(result);
    }
    return page;
  }

  private static JsonNode data(String fixture) {
    return JSON.readTree(Fixture.named(fixture).wire()).get("data");
  }

}
