package io.netboxswarm.orchestrator.desired;

import io.netboxswarm.orchestrator.state.ContainerSpec;
import io.netboxswarm.orchestrator.state.NetworkSpec;
import io.netboxswarm.orchestrator.state.Rows;
import io.netboxswarm.orchestrator.state.SecretMountSpec;
import io.netboxswarm.orchestrator.state.SecretSpec;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import io.netboxswarm.orchestrator.state.World;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What NetBox wants, read-only, as a decision reads it.
 *
 * @param claims host id to the swarm that claimed it ({@link Claims})
 */
public record Desired(Rows<SwarmSpec> swarms, Rows<SecretSpec> secrets, Rows<NetworkSpec> networks,
    Rows<ContainerSpec> containers, Rows<SecretMountSpec> secretMounts, Rows<Long> claims) {

  public static Desired of(World world) {
    return new Desired(world.swarms, world.secrets, world.networks, world.containers, world.secretMounts,
        world.claims);
  }

  /** Whether the swarm's spec lists the host, as manager or worker. */
  public boolean lists(long swarmId, long hostId) {
    SwarmSpec swarm = swarms.get(swarmId);
    return swarm != null && (swarm.managers().contains(hostId) || swarm.workers().contains(hostId));
  }

  /** A container's secret mounts: nested in its payload, and SecretMount objects pointing at it. */
  public List<SecretMountSpec> secretMountsOf(ContainerSpec container) {
    List<SecretMountSpec> mounts = new ArrayList<>(container.secretMounts());
    Set<Long> nested = new HashSet<>();
    container.secretMounts().forEach(m -> nested.add(m.secret()));
    for (SecretMountSpec mount : secretMounts.values()) {
      if (mount.container() != null && mount.container() == container.id() && !nested.contains(mount.secret())) {
        mounts.add(mount);
      }
    }
    return mounts;
  }
}
