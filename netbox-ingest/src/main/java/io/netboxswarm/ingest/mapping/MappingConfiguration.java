package io.netboxswarm.ingest.mapping;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.netboxswarm.netbox.mapping.NetboxEventMapper;
import io.netboxswarm.netbox.mapping.OrchestratorSealer;

@Configuration(proxyBeanMethods = false)
class MappingConfiguration {

  @Bean
  NetboxEventMapper netboxEventMapper(OrchestratorSealer sealer) {
    return new NetboxEventMapper(sealer);
  }
}
