package io.netboxswarm.orchestrator.desired;

import io.netboxswarm.contracts.Label;
import io.netboxswarm.contracts.netbox.Bind;
import io.netboxswarm.contracts.netbox.Container;
import io.netboxswarm.contracts.netbox.ContainerSecretMount;
import io.netboxswarm.contracts.netbox.EnvVar;
import io.netboxswarm.contracts.netbox.Host;
import io.netboxswarm.contracts.netbox.ImageRef;
import io.netboxswarm.contracts.netbox.Network;
import io.netboxswarm.contracts.netbox.NetworkAttachment;
import io.netboxswarm.contracts.netbox.Secret;
import io.netboxswarm.contracts.netbox.SecretMount;
import io.netboxswarm.contracts.netbox.Swarm;
import io.netboxswarm.contracts.netbox.VolumeMount;
import io.netboxswarm.orchestrator.state.ContainerSpec;
import io.netboxswarm.orchestrator.state.ContainerSpec.MountSpec;
import io.netboxswarm.orchestrator.state.ContainerSpec.NetworkRef;
import io.netboxswarm.orchestrator.state.HostSpec;
import io.netboxswarm.orchestrator.state.NetworkSpec;
import io.netboxswarm.orchestrator.state.Sealed;
import io.netboxswarm.orchestrator.state.SecretMountSpec;
import io.netboxswarm.orchestrator.state.SecretSpec;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** NetBox's objects, as the ingest typed them, to the parts of them that say what Docker should run. */
final class SpecMapper {

  static final String ROTATE_OPERATION = "rotate-join-tokens";

  private SpecMapper() {
  }

  static SwarmSpec swarm(Swarm swarm, String rotationRequest) {
    return new SwarmSpec(swarm.getId(), swarm.getName(), swarm.getListenAddr(), swarm.getAdvertiseAddr(),
        distinctInOrder(swarm.getManagerNodes()), distinctInOrder(swarm.getWorkerNodes()), rotationRequest);
  }

  /** Duplicates are kept: a host listed twice is a rule violation the rules must see. */
  private static List<Long> distinctInOrder(List<Long> ids) {
    return ids == null ? List.of() : List.copyOf(ids);
  }

  static boolean asksRotation(Swarm swarm) {
    return swarm != null && ROTATE_OPERATION.equals(swarm.getOperation());
  }

  static HostSpec host(Host host) {
    return new HostSpec(host.getId(), host.getName());
  }

  static SecretSpec secret(Secret secret, Sealed data, int dataVersion) {
    return new SecretSpec(secret.getId(), secret.getSwarm(), secret.getName(), data, dataVersion,
        labels(secret.getLabels()));
  }

  static NetworkSpec network(Network network) {
    return new NetworkSpec(network.getId(), network.getHost(), network.getName(), network.getDriver());
  }

  static SecretMountSpec secretMount(SecretMount mount) {
    return new SecretMountSpec(mount.getId(), mount.getContainer(), mount.getSecret() == null ? -1 : mount.getSecret(),
        mount.getSecretName(), mount.getTarget(), mount.getUid(), mount.getGid(), mount.getMode());
  }

  static ContainerSpec container(Container c) {
    List<String> env = new ArrayList<>();
    for (EnvVar var : c.getEnv()) {
      env.add(var.getName() + "=" + (var.getValue() == null ? "" : var.getValue()));
    }
    List<MountSpec> mounts = new ArrayList<>();
    for (VolumeMount mount : c.getMounts()) {
      if (mount.getSource() != null && mount.getVolumeName() != null) {
        mounts.add(new MountSpec(false, mount.getVolumeName(), mount.getSource(), mount.getReadOnly()));
      }
    }
    for (Bind bind : c.getBinds()) {
      if (bind.getHostPath() != null && bind.getContainerPath() != null) {
        mounts.add(new MountSpec(true, bind.getHostPath(), bind.getContainerPath(), bind.getReadOnly()));
      }
    }
    List<NetworkRef> networks = new ArrayList<>();
    for (NetworkAttachment n : c.getNetworkSettings()) {
      networks.add(new NetworkRef(n.getNetwork(), n.getName(), n.getDriver()));
    }
    List<SecretMountSpec> secretMounts = new ArrayList<>();
    for (ContainerSecretMount m : c.getSecretMounts()) {
      secretMounts.add(new SecretMountSpec(null, c.getId(), m.getSecret(), m.getSecretName(), m.getTarget(),
          m.getUid(), m.getGid(), m.getMode()));
    }
    return new ContainerSpec(c.getId(), c.getHost(), c.getName(), image(c.getImage()), c.getCmd(), env,
        labels(c.getLabels()), mounts, networks, secretMounts, c.getRestartPolicy());
  }

  /** An image id avoids a registry pull; without one, the name and version NetBox holds. */
  private static String image(ImageRef image) {
    if (image == null) {
      return null;
    }
    if (image.getImageId() != null && !image.getImageId().isBlank()) {
      return image.getImageId();
    }
    if (image.getName() == null) {
      return null;
    }
    return image.getVersion() == null || image.getVersion().isBlank() ? image.getName()
        : image.getName() + ":" + image.getVersion();
  }

  private static Map<String, String> labels(List<Label> labels) {
    Map<String, String> map = new LinkedHashMap<>();
    if (labels != null) {
      for (Label label : labels) {
        map.put(label.getKey(), label.getValue());
      }
    }
    return map;
  }
}
