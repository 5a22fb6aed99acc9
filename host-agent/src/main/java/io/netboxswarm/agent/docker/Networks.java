package io.netboxswarm.agent.docker;

import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;

import io.netboxswarm.contracts.command.CreateNetwork;
import io.netboxswarm.contracts.command.RemoveNetwork;
import io.netboxswarm.contracts.result.NetworkOutcome;

/** Overlay networks, created on a manager. */
public final class Networks {

  private final DockerClient docker;

  public Networks(DockerClient docker) {
    this.docker = docker;
  }

  public Execution create(CreateNetwork create) {
    Optional<Network> existing = named(create.getName());
    if (existing.isPresent()) {
      if (!create.getDriver().equals(existing.get().getDriver())) {
        throw new CommandFailure("SPEC_CONFLICT", "network " + create.getName() + " exists with driver "
            + existing.get().getDriver() + ", not " + create.getDriver()
            + "; a network's driver cannot change, remove it first", false);
      }
      return Execution.alreadyDone(new NetworkOutcome(existing.get().getId()));
    }
    String id = docker.createNetworkCmd().withName(create.getName()).withDriver(create.getDriver())
        .withAttachable(create.getAttachable()).withLabels(create.getLabels()).withCheckDuplicate(true)
        .exec().getId();
    return Execution.succeeded(new NetworkOutcome(id));
  }

  public Execution remove(RemoveNetwork remove) {
    Optional<Network> existing = named(remove.getName());
    if (existing.isEmpty()) {
      return Execution.alreadyDone(null);
    }
    docker.removeNetworkCmd(existing.get().getId()).exec();
    return Execution.succeeded(new NetworkOutcome(existing.get().getId()));
  }

  private Optional<Network> named(String name) {
    return docker.listNetworksCmd().withNameFilter(name).exec().stream()
        .filter(n -> name.equals(n.getName())).findFirst();
  }
}
