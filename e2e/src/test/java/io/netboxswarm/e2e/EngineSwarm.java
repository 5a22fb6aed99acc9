package io.netboxswarm.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.LocalNodeState;

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
}
