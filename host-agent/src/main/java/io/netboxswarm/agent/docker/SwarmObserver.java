package io.netboxswarm.agent.docker;

import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.PeerNode;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.api.model.SwarmNode;

import io.netboxswarm.contracts.NodeAvailability;
import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.observed.LocalNodeState;
import io.netboxswarm.contracts.observed.NodeObservation;
import io.netboxswarm.contracts.observed.SwarmObservation;

/** Reads where this engine stands in a swarm: the content of heartbeats and of inspect results. */
public final class SwarmObserver {

  private final DockerClient docker;

  public SwarmObserver(DockerClient docker) {
    this.docker = docker;
  }

  public SwarmObservation observe() {
    Info info = docker.infoCmd().exec();
    SwarmInfo swarm = info.getSwarm();
    LocalNodeState state = swarm == null || swarm.getLocalNodeState() == null ? LocalNodeState.INACTIVE
        : LocalNodeState.valueOf(swarm.getLocalNodeState().name());
    if (state == LocalNodeState.INACTIVE) {
      return SwarmObservation.newBuilder().setState(state).build();
    }
    boolean manager = isManager(swarm);
    List<String> managers = swarm.getRemoteManagers() == null ? List.of()
        : swarm.getRemoteManagers().stream().map(PeerNode::getAddr).sorted().toList();
    String clusterId = null;
    List<NodeObservation> nodes = null;
    String error = emptyToNull(swarm.getError());
    if (manager) {
      try {
        clusterId = clusterId(docker);
        nodes = nodes();
      } catch (DockerException e) {
        // A manager that lost its quorum answers info but not the cluster calls: say so, the engine still runs.
        error = "manager cannot read its cluster: " + e.getMessage();
      }
    }
    return SwarmObservation.newBuilder()
        .setState(state)
        .setNodeId(emptyToNull(swarm.getNodeID()))
        .setClusterId(clusterId)
        .setRole(manager ? NodeRole.MANAGER : NodeRole.WORKER)
        .setNodeAddr(emptyToNull(swarm.getNodeAddr()))
        .setManagerAddrs(managers)
        .setNodes(nodes)
        .setError(error)
        .build();
  }

  /**
   * The cluster id, as only a manager can see it. From {@code GET /swarm}: docker-java 3.7 maps the info's cluster
   * under "ClusterInfo" while the engine names it "Cluster", so {@link SwarmInfo#getClusterInfo()} is always null.
   */
  static String clusterId(DockerClient docker) {
    return emptyToNull(docker.inspectSwarmCmd().exec().getId());
  }

  static boolean isManager(SwarmInfo swarm) {
    return Boolean.TRUE.equals(swarm.getControlAvailable());
  }

  private List<NodeObservation> nodes() {
    return docker.listSwarmNodesCmd().exec().stream().map(SwarmObserver::node).toList();
  }

  private static NodeObservation node(SwarmNode node) {
    var spec = node.getSpec();
    var manager = node.getManagerStatus();
    return NodeObservation.newBuilder()
        .setNodeId(node.getId())
        .setHostname(node.getDescription() == null ? null : node.getDescription().getHostname())
        .setRole(spec.getRole() != null && spec.getRole().name().equals("MANAGER") ? NodeRole.MANAGER : NodeRole.WORKER)
        .setAvailability(spec.getAvailability() == null ? NodeAvailability.ACTIVE
            : NodeAvailability.valueOf(spec.getAvailability().name()))
        .setState(node.getStatus() == null || node.getStatus().getState() == null ? "unknown"
            : node.getStatus().getState().name().toLowerCase())
        .setAddr(node.getStatus() == null ? null : node.getStatus().getAddress())
        .setReachability(manager == null || manager.getReachability() == null ? null
            : manager.getReachability().name().toLowerCase())
        .setLeader(manager != null && manager.isLeader())
        .setLabels(spec.getLabels() == null ? Map.of() : spec.getLabels())
        .build();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
