package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.UpdateNode;
import io.netboxswarm.testkit.Platform;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dry-run plan on a running orchestrator: what moving host 7 from swarm 1 to swarm 2 would do, with nothing
 * sent; then the real change sends exactly the command the dry run named.
 */
@ExtendWith(Platform.class)
class DryRunApiTest extends Scenario {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String MOVE = """
      [{"model": "swarm", "data": {"id": 1, "name": "swarm-1", "manager_nodes": [1], "worker_nodes": []}},
       {"model": "swarm", "data": {"id": 2, "name": "swarm-2", "manager_nodes": [2], "worker_nodes": [7]}}]""";

  @Test
  void aDryRunOfAMoveNamesTheDrainAndSendsNothingUntilTheChangeIsMade() throws Exception {
    formSwarm(1, List.of(1L), List.of(7L));
    formSwarm(2, List.of(2L), List.of());
    String statusBefore = orchestrator.get("/status/swarms").body();
    int sent = agents.received().size();

    HttpResponse<String> response = post(MOVE, "Bearer " + OrchestratorRun.ADMIN_TOKEN);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode swarms = JSON.readTree(response.body()).get("swarms");
    JsonNode drain = swarms.get(0).get("commands").get(0);
    assertThat(drain.get("step").stringValue()).isEqualTo("DRAIN");
    assertThat(drain.get("hostId").longValue()).isEqualTo(1);
    assertThat(drain.get("subjectHost").longValue()).isEqualTo(7);
    assertThat(swarms.get(1).get("commands")).isEmpty();
    assertThat(swarms.get(1).get("notices").get(0).get("message").stringValue())
        .isEqualTo("host 7 joins swarm 2 once it has left swarm 1");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
        .until(() -> agents.received().size() == sent);
    assertThat(orchestrator.get("/status/swarms").body()).isEqualTo(statusBefore);

    assertThat(post("{\"model\": \"swarm\"}", "Bearer " + OrchestratorRun.ADMIN_TOKEN).body())
        .isEqualTo("{\"error\":\"missing field '$.data'\"}");
    assertThat(post(MOVE, null).statusCode()).isEqualTo(401);

    events.swarmChanged(1, List.of(1L), List.of());
    HostCommand real = agents.await(1, UpdateNode.class);
    assertThat(real.getCommandId()).isEqualTo(drain.get("commandId").stringValue());
  }

  private HttpResponse<String> post(String body, String authorization) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + orchestrator.port()
        + "/status/plan")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
