package io.netboxswarm.orchestrator.state;

import java.util.List;
import java.util.Map;

/** A container NetBox puts on a host; on a swarm host it becomes a 1-replica service pinned to that node. */
public record ContainerSpec(long id, Long host, String name, String image, List<String> command, List<String> env,
    Map<String, String> labels, List<MountSpec> mounts, List<NetworkRef> networks, List<SecretMountSpec> secretMounts,
    String restartPolicy) {

  public ContainerSpec {
    command = command == null ? null : List.copyOf(command);
    env = List.copyOf(env);
    labels = Map.copyOf(labels);
    mounts = List.copyOf(mounts);
    networks = List.copyOf(networks);
    secretMounts = List.copyOf(secretMounts);
  }

  /** A volume or a bind. */
  public record MountSpec(boolean bind, String source, String target, boolean readOnly) {
  }

  public record NetworkRef(long id, String name, String driver) {
  }
}
