package io.netboxswarm.orchestrator.rules;

import io.netboxswarm.contracts.command.EndpointMode;
import io.netboxswarm.contracts.command.MountType;
import io.netboxswarm.contracts.command.RestartCondition;
import io.netboxswarm.contracts.command.RestartPolicy;
import io.netboxswarm.contracts.command.ServiceMount;
import io.netboxswarm.contracts.command.ServiceSecret;
import io.netboxswarm.contracts.command.ServiceSpec;
import io.netboxswarm.orchestrator.state.Fingerprint;
import io.netboxswarm.orchestrator.state.ContainerSpec;
import io.netboxswarm.orchestrator.state.SecretMountSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rule 9: a container on a swarm host runs as a service with one replica pinned to that host's node, so that its
 * host-local volumes still mount. Endpoint mode is DNSRR: VIPs need IPVS, which not every kernel has.
 */
public final class ServiceSpecs {

  public static final String CONTAINER_LABEL = "io.netboxswarm.container-id";
  public static final String SWARM_LABEL = "io.netboxswarm.swarm-id";

  private ServiceSpecs() {
  }

  /** The container's name; a name Docker refuses is a violation of the rules, not renamed here. */
  public static String serviceName(ContainerSpec container) {
    String name = container.name();
    return name == null || name.isBlank() ? "netbox-container-" + container.id() : name;
  }

  /** The container's volumes and binds as its service mounts them. */
  public static List<ServiceMount> mounts(ContainerSpec container) {
    List<ServiceMount> mounts = new ArrayList<>();
    for (ContainerSpec.MountSpec m : container.mounts()) {
      mounts.add(new ServiceMount(m.bind() ? MountType.BIND : MountType.VOLUME, m.source(), m.target(), m.readOnly()));
    }
    return mounts;
  }

  /**
   * A resolved secret mount: the Docker secret of the current version it names.
   *
   * @param secretName the NetBox Secret's name: the file name when the mount has no target, for every version
   */
  public record MountedSecret(SecretMountSpec mount, String secretName, String dockerName, String dockerId) {
  }

  public static ServiceSpec build(long swarmId, ContainerSpec container, String nodeId, List<MountedSecret> secrets,
      List<String> networks) {
    Map<String, String> labels = new TreeMap<>(container.labels());
    labels.put(CONTAINER_LABEL, String.valueOf(container.id()));
    labels.put(SWARM_LABEL, String.valueOf(swarmId));
    List<ServiceMount> mounts = mounts(container);
    List<ServiceSecret> serviceSecrets = new ArrayList<>();
    for (MountedSecret s : secrets) {
      SecretMountSpec m = s.mount();
      serviceSecrets.add(new ServiceSecret(s.dockerName(), s.dockerId(),
          m.target() == null || m.target().isBlank() ? s.secretName() : m.target(),
          m.uid() == null ? "0" : m.uid(), m.gid() == null ? "0" : m.gid(), m.mode() == null ? 0444 : m.mode()));
    }
    return ServiceSpec.newBuilder()
        .setName(serviceName(container))
        .setImage(container.image())
        .setCommand(container.command())
        .setEnv(container.env())
        .setLabels(labels)
        .setMounts(mounts)
        .setSecrets(serviceSecrets)
        .setNetworks(networks)
        .setEndpointMode(EndpointMode.DNSRR)
        .setRestartPolicy(new RestartPolicy(restartCondition(container.restartPolicy()), null))
        .setPlacementConstraints(List.of("node.id==" + nodeId))
        .setReplicas(1)
        .build();
  }

  /** A short digest of the spec: part of the intent key, so that a changed container is a new intent. */
  public static String digest(ServiceSpec spec) {
    return Fingerprint.of(spec.toString()).substring(0, 16);
  }

  private static RestartCondition restartCondition(String policy) {
    if (policy == null) {
      return RestartCondition.ANY;
    }
    return switch (policy) {
      case "no" -> RestartCondition.NONE;
      case "on-failure" -> RestartCondition.ON_FAILURE;
      default -> RestartCondition.ANY;
    };
  }
}
