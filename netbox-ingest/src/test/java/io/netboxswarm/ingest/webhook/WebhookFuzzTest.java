package io.netboxswarm.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.rejected.RejectedWebhook;
import io.netboxswarm.ingest.Fixture;
import io.netboxswarm.ingest.IngestIntegrationTest;
import io.netboxswarm.ingest.Signatures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Thousands of mutated fixtures (bytes flipped, cut or inserted; fields removed or retyped; unknown events; bad
 * signatures and media types): every answer is one of the documented ones, the service stays up, every event it
 * accepted is on the topic exactly once and every 422 is on the rejected topic.
 */
@TestPropertySource(properties = {
    "netbox-swarm.ingest.publish.events-topic=it.fuzz.events",
    "netbox-swarm.ingest.publish.rejected-topic=it.fuzz.rejected"})
class WebhookFuzzTest extends IngestIntegrationTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final int RUNS = 3000;
  static final Set<Integer> DOCUMENTED = Set.of(202, 400, 401, 413, 415, 422);

  record Outcome(int status, String code, String eventId, String published) {
  }

  @Test
  void mutatedWebhooksGetDocumentedAnswersAndAcceptedOnesArePublishedOnce() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("fuzz seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    List<Fixture> fixtures = Fixture.all();
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      requests.add(mutate(fixtures.get(random.nextInt(fixtures.size())), random));
    }

    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Outcome>> futures = new ArrayList<>();
    for (Request request : requests) {
      futures.add(pool.submit(() -> outcome(send(request.method, request.body, request.contentType,
          request.signature))));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<Outcome> future : futures) {
      outcomes.add(future.get());
    }
    pool.shutdown();

    Map<Integer, Long> byStatus = outcomes.stream().collect(Collectors.groupingBy(Outcome::status,
        Collectors.counting()));
    Map<String, Long> byCode = outcomes.stream().filter(o -> o.code != null)
        .collect(Collectors.groupingBy(Outcome::code, Collectors.counting()));
    System.out.println("fuzz answers " + byStatus + " codes " + byCode);
    assertThat(byStatus.keySet()).isSubsetOf(DOCUMENTED);
    assertThat(byStatus).containsKeys(202, 400, 401, 422);

    // still serving
    HttpResponse<String> stillServing = send(Fixture.named("swarm_created"));
    assertThat(stillServing.statusCode()).isEqualTo(202);
    assertThat(getManagement("/actuator/health").statusCode()).isEqualTo(200);

    List<String> published = outcomes.stream().filter(o -> "published".equals(o.published)).map(Outcome::eventId)
        .toList();
    assertThat(published).as("request ids are unique per run, so are event ids").doesNotHaveDuplicates();
    Set<String> expected = new java.util.HashSet<>(published);
    expected.add(JSON.readTree(stillServing.body()).get("eventId").stringValue());
    List<ConsumerRecord<String, NetboxEvent>> records = read("it.fuzz.events",
        seen -> seen.stream().map(r -> r.value().getEventId()).filter(expected::contains).count() >= expected.size());
    Map<String, Long> onTopic = records.stream().map(r -> r.value().getEventId())
        .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    assertThat(onTopic.keySet()).isEqualTo(expected);
    assertThat(onTopic.values()).allMatch(n -> n == 1);

    long unprocessable = byStatus.getOrDefault(422, 0L);
    List<ConsumerRecord<String, RejectedWebhook>> rejected = read("it.fuzz.rejected", seen -> seen.size() >= unprocessable);
    assertThat(rejected).hasSize((int) unprocessable);
    for (ConsumerRecord<String, RejectedWebhook> record : rejected) {
      assertThat(record.value().getRedactedBody()).doesNotContain("Agent-Pass", "c3VwZXItc2VjcmV0LXBhc3N3b3Jk",
          "q9XvL2mN7rT4wY8zB1cD5fG3hJ6kP0sU2aE4iO7u", "SWMTKN-1-4g0example");
    }
  }

  private static Outcome outcome(HttpResponse<String> response) {
    int status = response.statusCode();
    if (!DOCUMENTED.contains(status)) {
      return new Outcome(status, null, null, null);
    }
    JsonNode body = JSON.readTree(response.body());
    if (status == 202) {
      String state = body.get("status").stringValue();
      return new Outcome(status, null, body.has("eventId") ? body.get("eventId").stringValue() : null, state);
    }
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(body.get("status").intValue()).isEqualTo(status);
    return new Outcome(status, body.get("code").stringValue(), null, null);
  }

  record Request(String method, byte[] body, String contentType, String signature) {
  }

  static Request mutate(Fixture fixture, Random random) {
    ObjectNode tree = (ObjectNode) JSON.readTree(fixture.wire());
    String requestId = UUID.randomUUID().toString();
    tree.put("request_id", requestId);
    if (tree.get("request") instanceof ObjectNode request) {
      request.put("id", requestId);
    }
    String[] methods = {"POST", "PUT", "PATCH", "GET", "DELETE"};
    String method = methods[random.nextInt(methods.length)];
    int kind = random.nextInt(100);
    byte[] body;
    if (kind < 15) {
      body = JSON.writeValueAsBytes(tree); // valid as is
    } else if (kind < 45) {
      body = JSON.writeValueAsBytes(mutateTree(tree, random));
    } else if (kind < 85) {
      body = mutateBytes(JSON.writeValueAsBytes(tree), random);
    } else if (kind < 92) {
      body = JSON.writeValueAsBytes(tree);
      return new Request(method, body, "application/json", random.nextBoolean() ? null : Signatures.sign(body, "wrong"));
    } else if (kind < 97) {
      body = JSON.writeValueAsBytes(tree);
      return new Request(method, body, random.nextBoolean() ? "text/plain" : "application/x-www-form-urlencoded",
          Signatures.sign(body));
    } else {
      body = new byte[1024 * 1024 + 1 + random.nextInt(1000)];
      return new Request(method, body, "application/json", Signatures.sign(body));
    }
    return new Request(method, body, "application/json", Signatures.sign(body));
  }

  static JsonNode mutateTree(ObjectNode root, Random random) {
    List<ObjectNode> objects = new ArrayList<>();
    collect(root, objects);
    ObjectNode target = objects.get(random.nextInt(objects.size()));
    List<String> names = new ArrayList<>(target.propertyNames());
    if (names.isEmpty()) {
      target.put("unexpected", 1);
      return root;
    }
    String name = names.get(random.nextInt(names.size()));
    switch (random.nextInt(8)) {
      case 0 -> target.remove(name);
      case 1 -> target.put(name, random.nextInt());
      case 2 -> target.put(name, "x" + random.nextInt(1000));
      case 3 -> target.put(name, random.nextBoolean());
      case 4 -> target.putNull(name);
      case 5 -> target.putArray(name).add(random.nextDouble());
      case 6 -> target.putObject(name).put("id", random.nextBoolean() ? "1" : "one");
      default -> {
        if (root.has("event")) {
          root.put("event", List.of("created", "updated", "deleted", "job_started", "", "CREATED")
              .get(random.nextInt(6)));
        }
      }
    }
    return root;
  }

  private static void collect(JsonNode node, List<ObjectNode> out) {
    if (node instanceof ObjectNode object) {
      out.add(object);
      object.values().forEach(child -> collect(child, out));
    } else if (node instanceof ArrayNode array) {
      array.values().forEach(child -> collect(child, out));
    }
  }

  static byte[] mutateBytes(byte[] body, Random random) {
    byte[] out = body.clone();
    switch (random.nextInt(4)) {
      case 0 -> out[random.nextInt(out.length)] = (byte) random.nextInt(256);
      case 1 -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length));
      case 2 -> {
        int at = random.nextInt(out.length);
        String inserted = List.of("{", "}", "\"", ",", ":", "[", "\\u0000", "\u00e9", "null").get(random.nextInt(9));
        byte[] insert = inserted.getBytes(StandardCharsets.UTF_8);
        byte[] grown = new byte[out.length + insert.length];
        System.arraycopy(out, 0, grown, 0, at);
        System.arraycopy(insert, 0, grown, at, insert.length);
        System.arraycopy(out, at, grown, at + insert.length, out.length - at);
        out = grown;
      }
      default -> {
        int from = random.nextInt(out.length);
        int to = Math.min(out.length, from + random.nextInt(20));
        byte[] cut = new byte[out.length - (to - from)];
        System.arraycopy(out, 0, cut, 0, from);
        System.arraycopy(out, to, cut, from, out.length - to);
        out = cut;
      }
    }
    return out;
  }
}
