package io.netboxswarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.testkit.docker.DockerEngines;
import io.netboxswarm.testkit.docker.Engine;
import io.netboxswarm.testkit.docker.Engines;
import io.netboxswarm.testkit.netbox.NetboxObjects.Host;
import io.netboxswarm.testkit.netbox.NetboxObjects.Secret;
import io.netboxswarm.testkit.netbox.NetboxObjects.Swarm;
import io.netboxswarm.testkit.netbox.NetboxWebhooks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/run-local.sh} stopped and started again on the same data directory, on a real engine: the second
 * start reuses the jars, the swarm it formed stays the same cluster, a change sent after the restart reaches the
 * engine with the webhook secret of the first start, and an auditor still decodes the audit written before.
 */
@ExtendWith(DockerEngines.class)
class LocalRunRestartTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aStopAndAStartOnTheSameDataDirectoryReuseTheJarsAndKeepTheSwarmTheSchemasAndTheAudit(Engines engines)
      throws Exception {
    engines.resetSwarms();
    Engine engine = engines.engine(1);
    Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "local-run-");
    Swarm swarm = new Swarm(5, "local-swarm", engine.address() + ":2377", List.of(1L), List.of());
    Secret secret = new Secret(9, 5, "app_password",
        ("restart-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    LocalRun run = new LocalRun(data, engine);
    try (run; DockerClient e1 = engine.client()) {
      // The jars this Maven build has just packaged, as they are: a build from here would clean its target/.
      run.start("reuse");
      NetboxWebhooks netbox = new NetboxWebhooks(run.webhookSecret(),
          NetboxWebhooks.hostsOf(List.of(new Host(1, "docker-host-01", engine.address()))));
      run.deliver(netbox.swarmCreated(swarm));
      waiting("engine 1 is a swarm manager").until(() -> EngineSwarm.manager(e1));
      String clusterId = e1.inspectSwarmCmd().exec().getId();
      List<AuditEvent> auditBefore = waiting("the swarm's audit on swarm.audit")
          .until(() -> audit(run), events -> !events.isEmpty());
      Map<String, String> schemasBefore = schemas(run);

      assertThat(run.stop()).as("processes of the first start left after it stopped").isEmpty();

      // Nothing changed since: it must not build (check: it would stop rather than build inside this build).
      run.start("check");
      assertThat(run.output()).contains("[run] reusing the jars: the sources are unchanged since their last build")
          .doesNotContain("building the jars");
      run.deliver(netbox.secretCreated(secret, swarm));
      waiting("the Docker secret on engine 1").until(() -> !e1.listSecretsCmd()
          .withNameFilter(List.of("app_password")).exec().isEmpty());
      assertThat(e1.inspectSwarmCmd().exec().getId()).as("the same cluster: no second init").isEqualTo(clusterId);
      assertThat(e1.listSwarmNodesCmd().exec()).hasSize(1);
      assertThat(schemas(run)).as("the registry's schemas, as registered before the restart")
          .containsAllEntriesOf(schemasBefore);
      assertThat(audit(run)).as("an auditor reads the audit written before the restart").containsAll(auditBefore);

      assertThat(run.stop()).as("processes of the second start left after it stopped").isEmpty();
    } catch (AssertionError | RuntimeException e) {
      e.addSuppressed(new AssertionError("what the components logged:" + run.logTails()));
      throw e;
    } finally {
      engines.resetSwarms();
    }
  }

  private static ConditionFactory waiting(String what) {
    return await(what).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions(); // an engine busy initialising may refuse a call for a moment
  }

  /** Every record on swarm.audit, read from its start as an auditor reads it: its principal, an auditor- group. */
  private static List<AuditEvent> audit(LocalRun run) throws IOException {
    Map<String, Object> props = new HashMap<>(WireFormat.consumerProperties(run.registryUrl()));
    props.putAll(run.kafka("auditor"));
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "auditor-restart-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<AuditEvent> events = new ArrayList<>();
    try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.SWARM_AUDIT, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(Topics.SWARM_AUDIT, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        assertThat(System.nanoTime()).as("read to the end of swarm.audit within 2 minutes").isLessThan(until);
        consumer.poll(Duration.ofMillis(500)).forEach(r -> events.add((AuditEvent) r.value()));
      }
    }
    return events;
  }

  /** The registry's artifacts, each with when it was created: a registry that lost them would create them anew. */
  private static Map<String, String> schemas(LocalRun run) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(run.registryUrl()
        + "/search/artifacts?limit=1000")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, String> created = new HashMap<>();
    for (JsonNode artifact : JSON.readTree(response.body()).path("artifacts")) {
      created.put(artifact.path("groupId").asString() + "/" + artifact.path("artifactId").asString(),
          artifact.path("createdOn").asString());
    }
    assertThat(created).as("the schemas the components registered").isNotEmpty();
    return created;
  }
}
