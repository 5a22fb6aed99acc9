package io.netboxswarm.orchestrator.status;

import io.netboxswarm.orchestrator.netbox.NetboxWriter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The NetBox writer: down when it has stopped (write-backs pile up unsent) or while NetBox refuses its token;
 * up when write-back is off (no NetBox URL).
 */
@Component
class NetboxWriterHealth implements HealthIndicator {

  private final ObjectProvider<NetboxWriter> writer;

  NetboxWriterHealth(ObjectProvider<NetboxWriter> writer) {
    this.writer = writer;
  }

  @Override
  public Health health() {
    NetboxWriter w = writer.getIfAvailable();
    if (w == null) {
      return Health.up().withDetail("writeBack", "off").build();
    }
    if (!w.running()) {
      return Health.down().withDetail("writer", "stopped").build();
    }
    if (w.tokenRefused()) {
      return Health.down().withDetail("netbox", "token refused").build();
    }
    return Health.up().build();
  }
}
