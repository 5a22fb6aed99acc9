package io.netboxswarm.orchestrator.dryrun;

import io.netboxswarm.netbox.mapping.NetboxEventMapper;
import io.netboxswarm.netbox.mapping.OrchestratorSealer;
import io.netboxswarm.netbox.mapping.UnmappableWebhookException;
import io.netboxswarm.orchestrator.OrchestratorProperties;
import io.netboxswarm.orchestrator.keys.Resealer;
import io.netboxswarm.orchestrator.plan.SwarmPlanner;
import io.netboxswarm.orchestrator.rules.SwarmRules;
import io.netboxswarm.orchestrator.stream.Orchestrator;
import io.netboxswarm.sealing.Opener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /status/plan}: the dry run of a NetBox change ({@link DryRun}), behind the status API's admin token.
 * The body is one webhook body, or {@code {"model": ..., "data": {...}}}, or an array of them; a Secret's data in
 * it is never echoed or logged.
 */
@RestController
class DryRunController {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Orchestrator orchestrator;
  private final DryRun dryRun;

  DryRunController(Orchestrator orchestrator, Resealer resealer, Opener orchestratorOpener,
      OrchestratorProperties properties) {
    this.orchestrator = orchestrator;
    this.dryRun = new DryRun(new SwarmPlanner(new SwarmRules(properties.admission().policy())), resealer,
        resealer::canSealFor, new NetboxEventMapper(new OrchestratorSealer(orchestratorOpener.sealerForSelf())));
  }

  @PostMapping("/status/plan")
  ResponseEntity<?> plan(@RequestBody byte[] body) {
    List<JsonNode> changes = new ArrayList<>();
    try {
      JsonNode root = JSON.readTree(body);
      if (root.isArray()) {
        root.forEach(changes::add);
      } else {
        changes.add(root);
      }
    } catch (JacksonException e) {
      return problem(HttpStatus.BAD_REQUEST, "the body is not JSON"); // the parser's message may quote the body
    }
    try {
      return ResponseEntity.ok(dryRun.plan(orchestrator.liveState(), changes, Instant.now()));
    } catch (UnmappableWebhookException | BadChange e) {
      return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    } catch (InvalidStateStoreException e) {
      return problem(HttpStatus.SERVICE_UNAVAILABLE, "the orchestrator's state is loading; try again shortly");
    }
  }

  private static ResponseEntity<?> problem(HttpStatus status, String error) {
    return ResponseEntity.status(status).body(Map.of("error", error));
  }
}
