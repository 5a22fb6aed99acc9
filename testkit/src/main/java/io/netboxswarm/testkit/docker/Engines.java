package io.netboxswarm.testkit.docker;

import java.util.List;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.Network;

/** The engines a test runs against, and the service image every one of them holds under the same id. */
public record Engines(List<Engine> all, String serviceImageId) {

  /** Engine {@code i}, counting from 1 as the script does. */
  public Engine engine(int i) {
    return all.get(i - 1);
  }

  /**
   * Brings every engine back to "no swarm, no container, no network of ours", so that a test class starts from
   * nothing whatever the previous one left.
   */
  public void resetSwarms() {
    for (Engine engine : all) {
      try (DockerClient docker = engine.client()) {
        var info = docker.infoCmd().exec();
        boolean manager = info.getSwarm() != null && Boolean.TRUE.equals(info.getSwarm().getControlAvailable());
        if (manager) {
          try {
            docker.listServicesCmd().exec().forEach(s -> docker.removeServiceCmd(s.getId()).exec());
          } catch (DockerException noQuorum) {
            // a manager whose peers already left has no quorum: its services go with the forced leave
          }
        }
        if (info.getSwarm() != null && info.getSwarm().getLocalNodeState() != LocalNodeState.INACTIVE) {
          docker.leaveSwarmCmd().withForceEnabled(true).exec();
        }
        docker.listContainersCmd().withShowAll(true).exec()
            .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
        for (Network network : docker.listNetworksCmd().exec()) {
          if (!List.of("bridge", "host", "none").contains(network.getName())) {
            try {
              docker.removeNetworkCmd(network.getId()).exec();
            } catch (DockerException stillInUse) {
              // ingress-like leftovers vanish with the swarm; nothing of ours depends on them
            }
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException("cannot reset engine " + engine.name() + ": " + e.getMessage(), e);
      }
    }
  }
}
