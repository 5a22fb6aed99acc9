package io.netboxswarm.agent.docker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.PeerNode;
import com.github.dockerjava.api.model.Swarm;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.api.model.SwarmSpec;


import io.netboxswarm.agent.sealing.AgentKeys;
import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealedJoinTokens;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.command.LeaveSwarm;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.contracts.SealingContext;

/**
 * Init, join and leave, each idempotent against the engine's real state, and never moving a node out of a swarm
 * the command did not name.
 */
public final class SwarmMembership {

  /**
   * Label on the initializing node (docker-java's SwarmSpec has no labels): which NetBox Swarm it initialized,
   * so that a redelivered init is recognised. A crash between init and label leaves it unlabelled: the retry then
   * recognises the cluster by the init's intent ({@link #ENGINE_TIME_BEFORE_INIT}) and labels it.
   */
  static final String NETBOX_SWARM_LABEL = "io.netboxswarm.swarm-id";

  /**
   * The fact an init notes before it asks the engine: the engine's own clock while this node was in no swarm. A
   * cluster this node manages that was created at or after it was made by this very command (commands run one at a
   * time), not found there: only a hand-made {@code docker swarm init} in the same seconds could be mistaken for it.
   */
  static final String ENGINE_TIME_BEFORE_INIT = "init.engine-time-before";

  /** Docker's join gives up after 20 s. */
  private static final Duration JOIN_SETTLES = Duration.ofSeconds(25);

  private final DockerClient docker;
  private final AgentKeys keys;
  private final long hostId;

  public SwarmMembership(DockerClient docker, AgentKeys keys, long hostId) {
    this.docker = docker;
    this.keys = keys;
    this.hostId = hostId;
  }

  public Execution init(InitSwarm init, Long netboxSwarmId, Intent intent) {
    Info info = docker.infoCmd().exec();
    SwarmInfo swarm = info.getSwarm();
    if (active(swarm)) {
      if (SwarmObserver.isManager(swarm) && netboxSwarmId != null) {
        String label = ownLabels(swarm.getNodeID()).get(NETBOX_SWARM_LABEL);
        if (String.valueOf(netboxSwarmId).equals(label)) {
          return Execution.alreadyDone(outcome());
        }
        if (label == null && initializedByThisCommand(intent)) {
          // The init went through and the agent stopped before its label: finish the command's work.
          labelSelf(Map.of(NETBOX_SWARM_LABEL, String.valueOf(netboxSwarmId)));
          return Execution.succeeded(outcome());
        }
      }
      throw foreign("already in a swarm that NetBox Swarm " + netboxSwarmId + " did not initialize");
    }
    intent.note(Map.of(ENGINE_TIME_BEFORE_INIT, info.getSystemTime()));
    var cmd = docker.initializeSwarmCmd(new SwarmSpec()).withListenAddr(init.getListenAddr());
    if (init.getAdvertiseAddr() != null) {
      cmd.withAdvertiseAddr(init.getAdvertiseAddr());
    }
    cmd.exec();
    if (netboxSwarmId != null) {
      labelSelf(Map.of(NETBOX_SWARM_LABEL, String.valueOf(netboxSwarmId)));
    }
    return Execution.succeeded(outcome());
  }

  /** Whether this node's cluster was created after this command noted the engine outside any swarm. */
  private boolean initializedByThisCommand(Intent intent) {
    Optional<Instant> before = intent.fact(ENGINE_TIME_BEFORE_INIT).map(SwarmMembership::engineTime);
    java.util.Date created = docker.inspectSwarmCmd().exec().getCreatedAt();
    // Docker's times carry nanoseconds, docker-java's dates milliseconds: compare both to the millisecond.
    return before.isPresent() && created != null
        && !created.toInstant().isBefore(before.get().truncatedTo(ChronoUnit.MILLIS));
  }

  private static Instant engineTime(String systemTime) {
    return OffsetDateTime.parse(systemTime).toInstant();
  }

  public Execution join(JoinSwarm join) {
    SwarmInfo swarm = settledSwarmInfo();
    if (active(swarm)) {
      if (!sameCluster(swarm, join.getClusterId(), join.getRemoteAddrs())) {
        throw foreign("already in another swarm; joining " + join.getClusterId() + " would need it to leave");
      }
      NodeRole role = SwarmObserver.isManager(swarm) ? NodeRole.MANAGER : NodeRole.WORKER;
      if (role != join.getRole()) {
        throw new CommandFailure("WRONG_ROLE", "already in the cluster as " + role + ", not " + join.getRole()
            + ": change the role with UpdateNode on a manager", false);
      }
      return Execution.alreadyDone(outcome());
    }
    String role = join.getRole() == NodeRole.MANAGER ? "manager" : "worker";
    byte[] token = keys.open(join.getJoinToken(),
        SealingContext.joinTokenForHost(hostId, join.getClusterId(), role));
    try {
      var cmd = docker.joinSwarmCmd().withRemoteAddrs(join.getRemoteAddrs())
          .withJoinToken(new String(token, StandardCharsets.UTF_8)).withListenAddr(join.getListenAddr());
      if (join.getAdvertiseAddr() != null) {
        cmd.withAdvertiseAddr(join.getAdvertiseAddr());
      }
      cmd.exec();
    } finally {
      Arrays.fill(token, (byte) 0);
    }
    return Execution.succeeded(outcome());
  }

  public Execution leave(LeaveSwarm leave) {
    SwarmInfo swarm = swarmInfo();
    if (!active(swarm)) {
      return Execution.alreadyDone(null);
    }
    // The admission policy has refused a leave that names no cluster: this check is never skipped.
    if (!sameCluster(swarm, leave.getClusterId(), leave.getManagerAddrs())) {
      throw foreign("in another swarm than " + leave.getClusterId() + "; left alone");
    }
    docker.leaveSwarmCmd().withForceEnabled(leave.getForce()).exec();
    return Execution.succeeded(null);
  }

  /** Where this node stands now; on a manager with the join tokens sealed for the orchestrator. */
  public SwarmOutcome outcome() {
    SwarmInfo swarm = swarmInfo();
    boolean manager = SwarmObserver.isManager(swarm);
    String clusterId = "";
    SealedJoinTokens tokens = null;
    if (manager) {
      Swarm cluster = docker.inspectSwarmCmd().exec();
      clusterId = cluster.getId();
      tokens = new SealedJoinTokens(
          keys.sealForOrchestrator(cluster.getJoinTokens().getWorker(), SealingContext.joinToken(clusterId, "worker")),
          keys.sealForOrchestrator(cluster.getJoinTokens().getManager(),
              SealingContext.joinToken(clusterId, "manager")));
    }
    List<String> managers = swarm.getRemoteManagers() == null ? List.of()
        : swarm.getRemoteManagers().stream().map(PeerNode::getAddr).sorted().toList();
    return new SwarmOutcome(clusterId, swarm.getNodeID(), manager ? NodeRole.MANAGER : NodeRole.WORKER, tokens,
        managers);
  }

  /**
   * A manager knows its cluster id; a worker does not, so it is in the named cluster when one of its managers is
   * one the command names.
   */
  private boolean sameCluster(SwarmInfo swarm, String clusterId, List<String> managerAddrs) {
    if (SwarmObserver.isManager(swarm)) {
      return clusterId != null && clusterId.equals(SwarmObserver.clusterId(docker));
    }
    if (swarm.getRemoteManagers() == null || managerAddrs == null || managerAddrs.isEmpty()) {
      return false;
    }
    return swarm.getRemoteManagers().stream().map(PeerNode::getAddr).anyMatch(managerAddrs::contains);
  }

  private Map<String, String> ownLabels(String nodeId) {
    return docker.listSwarmNodesCmd().withIdFilter(List.of(nodeId)).exec().stream().findFirst()
        .map(n -> n.getSpec().getLabels()).filter(java.util.Objects::nonNull).orElse(Map.of());
  }

  private void labelSelf(Map<String, String> labels) {
    String nodeId = swarmInfo().getNodeID();
    var node = docker.listSwarmNodesCmd().withIdFilter(List.of(nodeId)).exec().get(0);
    Map<String, String> merged = new java.util.HashMap<>(node.getSpec().getLabels() == null ? Map.of()
        : node.getSpec().getLabels());
    merged.putAll(labels);
    docker.updateSwarmNodeCmd().withSwarmNodeId(nodeId).withVersion(node.getVersion().getIndex())
        .withSwarmNodeSpec(node.getSpec().withLabels(merged)).exec();
  }

  /**
   * Where the node stands once a join in progress (an earlier attempt's, cut short by a crash) has ended: a pending
   * node knows neither its cluster nor its managers yet.
   */
  private SwarmInfo settledSwarmInfo() {
    Instant until = Instant.now().plus(JOIN_SETTLES);
    SwarmInfo swarm = swarmInfo();
    while (swarm != null && swarm.getLocalNodeState() == LocalNodeState.PENDING && Instant.now().isBefore(until)) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      swarm = swarmInfo();
    }
    return swarm;
  }

  private SwarmInfo swarmInfo() {
    Info info = docker.infoCmd().exec();
    return info.getSwarm();
  }

  private static boolean active(SwarmInfo swarm) {
    return swarm != null && swarm.getLocalNodeState() != null
        && !swarm.getLocalNodeState().name().equals("INACTIVE");
  }

  private static CommandFailure foreign(String why) {
    return new CommandFailure("FOREIGN_CLUSTER", why, false);
  }
}
