package io.netboxswarm.ingestmanagement;

import io.netboxswarm.http.admin.AdminTokenFilter;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

import io.netboxswarm.ingest.IngestProperties;

/**
 * The resync endpoint ({@code POST /actuator/resync}) behind the admin token, on whichever server the actuator
 * runs: the management port (its own context, which imports this configuration, see
 * {@code META-INF/spring/...ManagementContextConfiguration.imports}) or the main one. Outside the application's
 * package on purpose: component scanning would add the filter to the webhook port too.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
class AdminEndpointsConfiguration {

  static final String SETTING = "netbox-swarm.ingest.admin-token, env NETBOX_SWARM_ADMIN_TOKEN";

  @Bean
  FilterRegistrationBean<AdminTokenFilter> resyncAdminToken(IngestProperties properties,
      WebEndpointProperties endpoints) {
    FilterRegistrationBean<AdminTokenFilter> registration = new FilterRegistrationBean<>(
        new AdminTokenFilter(properties.adminToken(), SETTING, "urn:netbox-swarm:ingest:"));
    String resync = endpoints.getBasePath() + "/resync";
    registration.addUrlPatterns(resync, resync + "/*");
    return registration;
  }
}
