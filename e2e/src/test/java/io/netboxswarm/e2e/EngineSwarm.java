package io.netboxswarm.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.SwarmNodeState;

/** Where an engine stands in its swarm, as `docker info` tells it. */
final class EngineSwarm {

  private EngineSwarm() {
  }

  static boolean active(DockerClient docker) {
    var swarm = docker.infoCmd().exec().getSwarm();
    return swarm != null && swarm.getLocalNodeState() == LocalNodeState.ACTIVE;
  }

  static boolean manager(DockerClient docker) {
    var swarm = docker.infoCmd().exec().getSwarm();
    return active(docker) && Boolean.TRUE.equals(swarm.getControlAvailable());
  }

  /** The nodes a manager lists as ready. */
  static long readyNodes(DockerClient manager) {
    return manager.listSwarmNodesCmd().exec().stream()
        .filter(n -> n.getStatus() != null && n.getStatus().getState() == SwarmNodeState.READY).count();
  }
}
