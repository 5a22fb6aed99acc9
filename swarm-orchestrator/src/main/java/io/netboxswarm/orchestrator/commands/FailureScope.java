package io.netboxswarm.orchestrator.commands;

import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.ContainerSpec;
import io.netboxswarm.orchestrator.state.NetworkSpec;
import io.netboxswarm.orchestrator.state.SecretSpec;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.state.World;

/**
 * The NetBox object a command is about: its audits name it; a permanent failure of the command stops that object's
 * steps only, is reported on it, and is cleared by a change to it.
 *
 * @param objectType the plugin model, e.g. "secret", "container", "host", "swarm"
 * @param label how a message names it, e.g. "secret 'db' (NetBox secret 40)"
 */
public record FailureScope(String objectType, long objectId, String label) {

  public static FailureScope of(TrackedCommand command, World world) {
    long subject = command.subjectHost == null ? command.hostId : command.subjectHost;
    if ("FOREIGN_CLUSTER".equals(command.errorCode)) {
      return host(subject);
    }
    return switch (command.step) {
      case CREATE_SECRET, REMOVE_SECRET, REMOVE_SECRET_VERSION -> secret(command.objectId, world);
      case CREATE_SERVICE, UPDATE_SERVICE, REMOVE_SERVICE -> container(command.objectId, world);
      case CREATE_NETWORK, REMOVE_NETWORK -> network(command.intentKey.about().get(0), command.swarmId, world);
      case INIT, DISSOLVE, ROTATE -> swarm(command.swarmId);
      default -> host(subject);
    };
  }

  /** What the command's permanent failure (its error code and message) is reported as, on this object. */
  public String failure(TrackedCommand command) {
    return command.step.rule() + " of " + label + " failed on host " + command.hostId
        + (command.errorCode == null ? "" : " (" + command.errorCode + ")")
        + (command.errorMessage == null ? "" : ": " + command.errorMessage)
        + "; it is not tried again until NetBox changes " + objectType + " " + objectId;
  }

  /** Whether a change to this NetBox object (e.g. "secret", 40) is a change to what the scope names. */
  public boolean changedBy(String changedType, long changedId) {
    return objectType.equals(changedType) && objectId == changedId
        // A Swarm lists its members: a change to it is a change for its hosts too.
        || "swarm".equals(changedType) && "host".equals(objectType);
  }

  private static FailureScope host(long hostId) {
    return new FailureScope("host", hostId, "host " + hostId);
  }

  private static FailureScope swarm(long swarmId) {
    return new FailureScope("swarm", swarmId, "swarm " + swarmId);
  }

  private static FailureScope secret(Long id, World world) {
    SecretSpec secret = id == null ? null : world.secrets.get(id);
    return new FailureScope("secret", id == null ? -1 : id, (secret == null ? "secret" : "secret '" + secret.name()
        + "'") + " (NetBox secret " + id + ")");
  }

  private static FailureScope container(Long id, World world) {
    ContainerSpec container = id == null ? null : world.containers.get(id);
    return new FailureScope("container", id == null ? -1 : id, (container == null ? "container"
        : "container '" + container.name() + "'") + " (NetBox container " + id + ")");
  }

  /** An overlay network is made once per name; a NetBox Network of that name stands for it. */
  private static FailureScope network(String name, long swarmId, World world) {
    for (NetworkSpec network : world.networks.values()) {
      if (name.equals(network.name()) && network.overlay()) {
        return new FailureScope("network", network.id(), "network '" + name + "' (NetBox network " + network.id()
            + ")");
      }
    }
    return new FailureScope("swarm", swarmId, "network '" + name + "' of swarm " + swarmId);
  }
}
