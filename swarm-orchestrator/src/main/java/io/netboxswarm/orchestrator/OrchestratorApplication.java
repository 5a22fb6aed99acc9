package io.netboxswarm.orchestrator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

import io.netboxswarm.http.mvc.NoBeanValidation;

/** swarm-orchestrator: makes Docker swarms follow NetBox. */
@SpringBootApplication
@EnableConfigurationProperties(OrchestratorProperties.class)
@Import(NoBeanValidation.class)
public class OrchestratorApplication {

  public static void main(String[] args) {
    SpringApplication.run(OrchestratorApplication.class, args);
  }
}
