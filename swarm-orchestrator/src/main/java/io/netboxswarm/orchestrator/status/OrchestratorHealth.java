package io.netboxswarm.orchestrator.status;

import io.netboxswarm.orchestrator.stream.Orchestrator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Up once the Kafka Streams instance runs; while it restores its state it is down, with the state named. A record
 * waiting to be tried again after a transient failure (the registry or the broker away) is shown as
 * {@code retrying: true}: the instance is sound and restarting it would not help, so it stays up.
 */
@Component
class OrchestratorHealth implements HealthIndicator {

  private final Orchestrator orchestrator;

  OrchestratorHealth(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  @Override
  public Health health() {
    return (orchestrator.running() ? Health.up() : Health.down()).withDetail("streams", orchestrator.state().name())
        .withDetail("retrying", orchestrator.retrying()).build();
  }
}
