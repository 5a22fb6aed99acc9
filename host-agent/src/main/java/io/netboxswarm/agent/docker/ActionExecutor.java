package io.netboxswarm.agent.docker;

import com.github.dockerjava.api.DockerClient;

import io.netboxswarm.agent.sealing.AgentKeys;
import io.netboxswarm.contracts.admission.AdmissionPolicy;
import io.netboxswarm.contracts.command.*;
import io.netboxswarm.contracts.result.InspectOutcome;

/** Carries out one command's action on the local engine, through the executor of its family. */
public final class ActionExecutor {

  private final SwarmMembership membership;
  private final NodeAdmin nodes;
  private final Secrets secrets;
  private final Networks networks;
  private final Services services;
  private final SwarmObserver observer;
  private final AdmissionPolicy admission;

  /** With the default admission policy: no bind, any image. */
  public ActionExecutor(DockerClient docker, AgentKeys keys, long hostId) {
    this(docker, keys, hostId, AdmissionPolicy.defaults());
  }

  /** @param admission checked on every action before the engine is touched ({@link Admission}) */
  public ActionExecutor(DockerClient docker, AgentKeys keys, long hostId, AdmissionPolicy admission) {
    this.admission = admission;
    this.membership = new SwarmMembership(docker, keys, hostId);
    this.nodes = new NodeAdmin(docker, membership);
    this.secrets = new Secrets(docker, keys, hostId);
    this.networks = new Networks(docker);
    this.services = new Services(docker, secrets);
    this.observer = new SwarmObserver(docker);
  }

  /**
   * Executes the action.
   *
   * @throws CommandFailure with a stable code when the engine refused or could not be reached, or
   *     {@value Admission#POLICY_VIOLATION} (not retryable, the engine untouched) when the admission policy refuses it
   */
  public Execution execute(HostCommand command) {
    return execute(command, Intent.inMemory());
  }

  /**
   * Executes the action, noting in {@code intent} what it needs to recognise its own work after a crash.
   *
   * @throws CommandFailure as {@link #execute(HostCommand)}
   */
  public Execution execute(HostCommand command, Intent intent) {
    Admission.enforce(admission, command.getAction());
    try {
      Object action = command.getAction();
      // Java 17: no pattern matching in switch yet.
      if (action instanceof InitSwarm a) {
        return membership.init(a, command.getSwarmId(), intent);
      } else if (action instanceof JoinSwarm a) {
        return membership.join(a);
      } else if (action instanceof LeaveSwarm a) {
        return membership.leave(a);
      } else if (action instanceof UpdateNode a) {
        return nodes.update(a);
      } else if (action instanceof RemoveNode a) {
        return nodes.remove(a);
      } else if (action instanceof RotateJoinToken a) {
        return nodes.rotate(a);
      } else if (action instanceof CreateSecret a) {
        return secrets.create(a);
      } else if (action instanceof RemoveSecret a) {
        return secrets.remove(a);
      } else if (action instanceof CreateNetwork a) {
        return networks.create(a);
      } else if (action instanceof RemoveNetwork a) {
        return networks.remove(a);
      } else if (action instanceof CreateService a) {
        return services.create(a);
      } else if (action instanceof UpdateService a) {
        return services.update(a);
      } else if (action instanceof RemoveService a) {
        return services.remove(a);
      } else if (action instanceof Inspect) {
        return Execution.succeeded(new InspectOutcome(observer.observe()));
      }
      throw new CommandFailure("INVALID_COMMAND", "unknown action " + action.getClass().getSimpleName(), false);
    } catch (RuntimeException e) {
      throw EngineErrors.classify(e);
    }
  }
}
