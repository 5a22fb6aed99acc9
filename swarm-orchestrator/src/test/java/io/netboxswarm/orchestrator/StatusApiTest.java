package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.testkit.Platform;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who reads the status API: only a caller with the admin token (a 401 problem with a Bearer challenge otherwise);
 * the actuator answers on its own port, not on the status API's.
 */
@ExtendWith(Platform.class)
class StatusApiTest extends Scenario {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void theStatusApiAnswersOnlyWithTheAdminToken() {
    formSwarm(5, List.of(1L), List.of());
    int port = orchestrator.port();
    String token = OrchestratorRun.ADMIN_TOKEN;
    for (String path : List.of("/status/swarms", "/status/swarms/5", "/status/swarms/6", "/status")) {
      for (String[] refused : new String[][] {{null, "MISSING_TOKEN"}, {"Token " + token, "MISSING_TOKEN"},
          {"Bearer " + token.substring(0, token.length() - 1), "BAD_TOKEN"}, {"Bearer x" + token, "BAD_TOKEN"}}) {
        HttpResponse<String> response = orchestrator.get(port, path, refused[0]);
        assertThat(response.statusCode()).as("%s with %s", path, refused[0]).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
            challenge -> assertThat(challenge).startsWith("Bearer "));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("code").stringValue()).isEqualTo(refused[1]);
        assertThat(problem.get("type").stringValue()).startsWith("urn:netbox-swarm:orchestrator:");
        assertThat(response.body()).doesNotContain("cluster-5", token);
      }
    }
    HttpResponse<String> swarm = orchestrator.get(port, "/status/swarms/5", "Bearer " + token);
    assertThat(swarm.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(swarm.body()).get("clusterId").stringValue()).isEqualTo("cluster-5");
    assertThat(orchestrator.get(port, "/status/swarms", "bearer " + token).statusCode()).isEqualTo(200);
  }

  @Test
  void theActuatorIsOnTheManagementPortOnlyWithoutDetails() {
    HttpResponse<String> health = orchestrator.get(orchestrator.managementPort(), "/actuator/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(health.body());
    assertThat(body.get("status").stringValue()).isEqualTo("UP");
    assertThat(body.toString()).doesNotContain("details", "RUNNING");
    assertThat(orchestrator.get(orchestrator.port(), "/actuator/health", "Bearer " + OrchestratorRun.ADMIN_TOKEN)
        .statusCode()).isEqualTo(404);
  }
}
