package io.netboxswarm.orchestrator.status;

import io.netboxswarm.orchestrator.stream.Orchestrator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Up once the Kafka Streams instance runs; while it restores its state it is down, with the state named. */
@Component
class OrchestratorHealth implements HealthIndicator {

  private final Orchestrator orchestrator;

  OrchestratorHealth(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  @Override
  public Health health() {
    return (orchestrator.running() ? Health.up() : Health.down()).withDetail("streams", orchestrator.state().name())
        .build();
  }
}
