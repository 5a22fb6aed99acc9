package io.netboxswarm.orchestrator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netboxswarm.orchestrator.netbox.NetboxWriter;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The orchestrator's meters in Spring's registry, which {@code /actuator/prometheus} serves. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

  @Bean
  OrchestratorMeters orchestratorMeters(ObjectProvider<MeterRegistry> registry, ObjectProvider<NetboxWriter> writer) {
    return new OrchestratorMeters(registry.getIfAvailable(SimpleMeterRegistry::new), writer::getIfAvailable,
        Clock.systemUTC());
  }
}
