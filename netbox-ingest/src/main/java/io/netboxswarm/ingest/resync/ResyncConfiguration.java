package io.netboxswarm.ingest.resync;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import io.netboxswarm.ingest.IngestProperties;
import io.netboxswarm.netbox.mapping.NetboxEventMapper;
import io.netboxswarm.ingest.publish.EventPublisher;
import io.netboxswarm.netbox.NetboxApi;
import io.netboxswarm.netbox.NetboxToken;

/** Resync exists when NetBox's URL is configured; it runs on a schedule when asked to. */
@Configuration(proxyBeanMethods = false)
// set and not empty (NETBOX_SWARM_NETBOX_URL= in a compose file means none)
@ConditionalOnExpression("!'${netbox-swarm.ingest.netbox.url:}'.isBlank()")
class ResyncConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ResyncConfiguration.class);

  @Bean
  Resync resync(IngestProperties properties, NetboxEventMapper mapper, EventPublisher publisher, Clock clock) {
    IngestProperties.Netbox netbox = properties.netbox();
    NetboxApi api = new NetboxApi(netbox.url(), new NetboxToken(netbox.token()), netbox.requestTimeout());
    return new Resync(api, mapper, publisher, properties.resync().endpoints(), netbox.pageSize(), clock,
        properties.webhook().maxAge());
  }

  @Bean
  ResyncEndpoint resyncEndpoint(Resync resync, IngestProperties properties) {
    if (properties.adminToken() == null || properties.adminToken().isBlank()) {
      log.warn("netbox-swarm.ingest.admin-token (NETBOX_SWARM_ADMIN_TOKEN) is not set: POST /actuator/resync"
          + " refuses every call");
    }
    return new ResyncEndpoint(resync);
  }

  @Bean
  @ConditionalOnProperty(name = "netbox-swarm.ingest.resync.scheduled", havingValue = "true")
  SchedulingConfigurer resyncSchedule(Resync resync, IngestProperties properties) {
    Duration interval = properties.resync().interval();
    return (ScheduledTaskRegistrar registrar) -> registrar.addFixedDelayTask(() -> {
      try {
        resync.run();
      } catch (Resync.ResyncBusyException e) {
        log.info("scheduled resync skipped: one is already running");
      } catch (RuntimeException e) {
        log.warn("scheduled resync failed, next try in {}: {}", interval, e.getMessage());
      }
    }, interval);
  }
}
