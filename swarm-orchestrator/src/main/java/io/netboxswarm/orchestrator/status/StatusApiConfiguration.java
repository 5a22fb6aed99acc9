package io.netboxswarm.orchestrator.status;

import io.netboxswarm.http.admin.AdminTokenFilter;

import io.netboxswarm.orchestrator.OrchestratorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The status API ({@code /status/...}) only with {@code Authorization: Bearer <admin token>}. */
@Configuration(proxyBeanMethods = false)
class StatusApiConfiguration {

  static final String SETTING = "netbox-swarm.orchestrator.admin-token, env NETBOX_SWARM_ADMIN_TOKEN";
  private static final Logger log = LoggerFactory.getLogger(StatusApiConfiguration.class);

  @Bean
  FilterRegistrationBean<AdminTokenFilter> statusAdminToken(OrchestratorProperties properties) {
    if (properties.adminToken() == null || properties.adminToken().isBlank()) {
      log.warn("{} is not set: the status API refuses every call", SETTING);
    }
    FilterRegistrationBean<AdminTokenFilter> registration = new FilterRegistrationBean<>(
        new AdminTokenFilter(properties.adminToken(), SETTING, "urn:netbox-swarm:orchestrator:"));
    registration.addUrlPatterns("/status", "/status/*");
    return registration;
  }
}
