package io.netboxswarm.agent.docker;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Swarm;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeRole;
import com.github.dockerjava.api.model.SwarmNodeSpec;
import com.github.dockerjava.api.model.SwarmNodeState;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.command.RemoveNode;
import io.netboxswarm.contracts.command.RotateJoinToken;
import io.netboxswarm.contracts.command.UpdateNode;
import io.netboxswarm.contracts.result.NodeOutcome;

/** What a manager does to the node list: role, availability and labels of a node, its removal, token rotation. */
public final class NodeAdmin {

  private final DockerClient docker;
  private final SwarmMembership membership;

  public NodeAdmin(DockerClient docker, SwarmMembership membership) {
    this.docker = docker;
    this.membership = membership;
  }

  public Execution update(UpdateNode update) {
    SwarmNode node = find(update.getNodeId())
        .orElseThrow(() -> new CommandFailure("NODE_NOT_FOUND", "no node " + update.getNodeId(), false));
    SwarmNodeSpec current = node.getSpec();
    SwarmNodeRole role = update.getRole() == null ? current.getRole()
        : update.getRole() == NodeRole.MANAGER ? SwarmNodeRole.MANAGER : SwarmNodeRole.WORKER;
    SwarmNodeAvailability availability = update.getAvailability() == null ? current.getAvailability()
        : SwarmNodeAvailability.valueOf(update.getAvailability().name());
    Map<String, String> labels = update.getLabels() == null ? current.getLabels() : update.getLabels();
    if (role == current.getRole() && availability == current.getAvailability()
        && Objects.equals(nullToEmpty(labels), nullToEmpty(current.getLabels()))) {
      return Execution.alreadyDone(new NodeOutcome(node.getId()));
    }
    SwarmNodeSpec spec = new SwarmNodeSpec().withName(current.getName()).withRole(role)
        .withAvailability(availability).withLabels(labels);
    docker.updateSwarmNodeCmd().withSwarmNodeId(node.getId()).withVersion(node.getVersion().getIndex())
        .withSwarmNodeSpec(spec).exec();
    return Execution.succeeded(new NodeOutcome(node.getId()));
  }

  public Execution remove(RemoveNode remove) {
    Optional<SwarmNode> node = find(remove.getNodeId());
    if (node.isEmpty()) {
      return Execution.alreadyDone(new NodeOutcome(remove.getNodeId()));
    }
    if (remove.getOnlyWhenDown() && !down(node.get())) {
      // A stale entry of a host that joined again turns down once the managers miss its heartbeats (~15 s).
      throw new CommandFailure("NODE_NOT_DOWN", "node " + remove.getNodeId() + " is not down yet: a live node is"
          + " never removed", true);
    }
    try {
      docker.removeSwarmNodeCmd(remove.getNodeId()).withForce(remove.getForce()).exec();
    } catch (NotFoundException gone) {
      return Execution.alreadyDone(new NodeOutcome(remove.getNodeId()));
    }
    return Execution.succeeded(new NodeOutcome(remove.getNodeId()));
  }

  /** New join tokens; the result carries them sealed for the orchestrator. */
  public Execution rotate(RotateJoinToken rotate) {
    Swarm swarm = docker.inspectSwarmCmd().exec();
    docker.updateSwarmCmd(swarm.getSpec()).withVersion(swarm.getVersion().getIndex())
        .withRotateWorkerToken(rotate.getWorker()).withRotateManagerToken(rotate.getManager()).exec();
    return Execution.succeeded(membership.outcome());
  }

  private static boolean down(SwarmNode node) {
    return node.getStatus() != null && node.getStatus().getState() == SwarmNodeState.DOWN;
  }

  private Optional<SwarmNode> find(String nodeId) {
    return docker.listSwarmNodesCmd().withIdFilter(java.util.List.of(nodeId)).exec().stream()
        .filter(n -> n.getId().equals(nodeId)).findFirst();
  }

  private static Map<String, String> nullToEmpty(Map<String, String> labels) {
    return labels == null ? Map.of() : labels;
  }
}
