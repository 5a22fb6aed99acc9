package io.netboxswarm.orchestrator.rules;

import io.netboxswarm.orchestrator.rules.ServiceSpecs;
import io.netboxswarm.orchestrator.state.ContainerSpec;
import io.netboxswarm.orchestrator.state.SecretSpec;
import java.util.Optional;

/**
 * Values Docker would refuse, found before any command is sent: each is a violation on its own Secret or Container,
 * which gets no Docker action, while the rest of its swarm goes on.
 */
final class DockerRefusals {

  private DockerRefusals() {
  }

  static Optional<Violation> of(SecretSpec secret, long swarmId) {
    Optional<String> problem = DockerLimits.secretNameProblem(secret.name())
        .or(() -> DockerLimits.secretDataProblem(secret.data()));
    return problem.map(why -> new Violation(Rule.DOCKER_SECRET_LIMITS, "secret", secret.id(), null, "secret '"
        + secret.name() + "' (NetBox secret " + secret.id() + ") of swarm " + swarmId + " is refused: " + why
        + "; no Docker secret is made for it until NetBox changes it"));
  }

  static Optional<Violation> of(ContainerSpec container) {
    String name = ServiceSpecs.serviceName(container);
    return DockerLimits.serviceNameProblem(name).map(why -> new Violation(Rule.DOCKER_SERVICE_NAME, "container",
        container.id(), container.host(), "container '" + name + "' (NetBox container " + container.id()
            + ") cannot run as a swarm service: " + why + "; no service is created or changed for it"));
  }
}
