package io.netboxswarm.orchestrator.reconcile;

import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.NetworkOutcome;
import io.netboxswarm.contracts.result.SecretOutcome;
import io.netboxswarm.contracts.result.ServiceOutcome;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.orchestrator.commands.Outbox;
import io.netboxswarm.orchestrator.desired.Claims;
import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.orchestrator.plan.SecretVersions;
import io.netboxswarm.orchestrator.state.Departure;
import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.Member;
import io.netboxswarm.orchestrator.state.NetworkSpec;
import io.netboxswarm.orchestrator.state.Sealed;
import io.netboxswarm.orchestrator.state.SecretSpec;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmProgress.Created;
import io.netboxswarm.orchestrator.state.SwarmProgress.ServiceState;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.state.World;
import io.netboxswarm.orchestrator.netbox.WriteBacks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What a successful command teaches the orchestrator, and what of it goes back to NetBox. */
final class Outcomes {

  private final World world;
  private final Claims claims;

  Outcomes(World world, Claims claims) {
    this.world = world;
    this.claims = claims;
  }

  /** Applies the outcome; returns the swarms whose plan may go on. */
  Set<Long> apply(TrackedCommand command, CommandResult result, SwarmProgress p, Outbox out) {
    Set<Long> affected = new TreeSet<>();
    affected.add(p.swarmId);
    Instant at = result.getCompletedAt();
    String cause = command.commandId;
    long subject = command.subjectHost == null ? command.hostId : command.subjectHost;
    Object outcome = result.getOutcome();
    switch (command.step) {
      case INIT -> {
        SwarmOutcome swarm = (SwarmOutcome) outcome;
        if (swarm == null || swarm.getJoinTokens() == null) {
          break;
        }
        p.clusterId = swarm.getClusterId();
        p.workerToken = Sealed.of(swarm.getJoinTokens().getWorker());
        p.managerToken = Sealed.of(swarm.getJoinTokens().getManager());
        p.initHost = command.hostId;
        p.members.put(command.hostId, new Member(command.hostId, swarm.getNodeId(), NodeRole.MANAGER, null,
            at.toEpochMilli()));
        p.managerAddrs = new ArrayList<>(swarm.getManagerAddrs());
        out.write(WriteBacks.swarmFormed(p.swarmId, p.clusterId, swarm.getJoinTokens(), cause, at));
        hostMembership(command.hostId, p.swarmId, swarm.getNodeId(), NodeRole.MANAGER, cause, at, out);
      }
      case JOIN -> {
        SwarmOutcome swarm = (SwarmOutcome) outcome;
        if (swarm == null) {
          break;
        }
        p.members.put(subject, new Member(subject, swarm.getNodeId(), swarm.getRole(), null,
            at.toEpochMilli()));
        mergeManagerAddrs(p, swarm.getManagerAddrs());
        hostMembership(subject, p.swarmId, swarm.getNodeId(), swarm.getRole(), cause, at, out);
      }
      case PROMOTE, DEMOTE_ROLE -> {
        Member member = p.members.get(subject);
        if (member != null) {
          NodeRole role = command.step == Step.PROMOTE ? NodeRole.MANAGER : NodeRole.WORKER;
          p.members.put(subject, member.withRole(role));
          hostMembership(subject, p.swarmId, member.nodeId(), role, cause, at, out);
        }
      }
      case DEMOTE -> departed(p, subject, m -> m.withRole(NodeRole.WORKER).withDeparture(Departure.DEMOTED));
      case DRAIN -> departed(p, subject, m -> m.withDeparture(Departure.DRAINED));
      case LEAVE -> departed(p, subject, m -> m.withDeparture(Departure.LEFT));
      case REMOVE_NODE -> {
        p.members.remove(subject);
        p.joinGenerations.merge(subject, 1, Integer::sum); // if it is listed again, its join is a new intent
        hostMembership(subject, null, null, null, cause, at, out);
        affected.addAll(claims.settle(subject));
      }
      case FORGET_NODE -> p.staleNodes.remove(command.intentKey.last());
      case DISSOLVE -> {
        List<Long> hosts = new ArrayList<>(p.members.keySet());
        p.forgetCluster();
        p.retiredSecrets.clear();
        p.workerToken = null;
        p.managerToken = null;
        p.initHost = null;
        p.secretIds.clear();
        p.networkIds.clear();
        p.services.clear();
        for (long host : hosts) {
          hostMembership(host, null, null, null, cause, at, out);
          affected.addAll(claims.settle(host));
        }
        if (world.swarms.get(p.swarmId) != null) {
          out.write(WriteBacks.swarmDissolved(p.swarmId, cause, at));
        }
      }
      case ROTATE -> {
        SwarmOutcome swarm = (SwarmOutcome) outcome;
        if (swarm != null && swarm.getJoinTokens() != null) {
          p.workerToken = Sealed.of(swarm.getJoinTokens().getWorker());
          p.managerToken = Sealed.of(swarm.getJoinTokens().getManager());
          out.write(WriteBacks.tokensRotated(p.swarmId, p.clusterId, swarm.getJoinTokens(), cause, at));
        }
      }
      case CREATE_SECRET -> {
        SecretSpec secret = world.secrets.get(command.objectId);
        String name = command.intentKey.last();
        if (!(outcome instanceof SecretOutcome created)) {
          break;
        }
        if (secret != null && latest(p, "secret:" + command.objectId, command)) {
          Created replaced = p.secretIds.put(command.objectId, new Created(name, created.getSecretId()));
          if (replaced != null && !replaced.name().equals(name)) {
            p.retiredSecrets.put(replaced.name(), command.objectId); // removed once no service mounts it
          }
          out.write(WriteBacks.secretCreated(command.objectId, p.swarmId, created.getSecretId(), cause, at));
        } else if (secret == null || !name.equals(SecretVersions.dockerName(secret))) {
          // Made after NetBox moved on (a newer version, or the Secret deleted): nobody will record it, so it
          // would stay in Docker for ever. It goes as a replaced version does.
          p.retiredSecrets.put(name, command.objectId);
        }
      }
      case REMOVE_SECRET -> {
        if (latest(p, "secret:" + command.objectId, command)) {
          p.secretIds.remove(command.objectId);
        }
      }
      case REMOVE_SECRET_VERSION -> p.retiredSecrets.remove(command.intentKey.last());
      case CREATE_NETWORK -> {
        String name = command.intentKey.about().get(0);
        if (outcome instanceof NetworkOutcome created && latest(p, "network:" + name, command)) {
          p.networkIds.put(name, created.getNetworkId());
          for (NetworkSpec network : world.networks.values()) {
            if (name.equals(network.name()) && network.overlay()) {
              out.write(WriteBacks.networkCreated(network.id(), p.swarmId, created.getNetworkId(), cause, at));
            }
          }
        }
      }
      case REMOVE_NETWORK -> {
        String name = command.intentKey.about().get(0);
        if (latest(p, "network:" + name, command)) {
          p.networkIds.remove(name);
        }
      }
      case CREATE_SERVICE, UPDATE_SERVICE -> {
        if (outcome instanceof ServiceOutcome created && latest(p, "service:" + command.objectId, command)) {
          String digest = command.intentKey.last();
          var container = world.containers.get(command.objectId);
          String name = container == null ? null : io.netboxswarm.orchestrator.rules.ServiceSpecs.serviceName(container);
          p.services.put(command.objectId, new ServiceState(name, created.getServiceId(), digest));
          out.write(WriteBacks.serviceCreated(command.objectId, p.swarmId, created.getServiceId(), cause, at));
        }
      }
      case REMOVE_SERVICE -> {
        if (latest(p, "service:" + command.objectId, command)) {
          p.services.remove(command.objectId);
        }
      }
      default -> {
      }
    }
    return affected;
  }

  private static void hostMembership(long host, Long swarmId, String nodeId, NodeRole role, String cause,
      Instant at, Outbox out) {
    out.write(WriteBacks.hostMembership(host, swarmId, nodeId, role == null ? null : role.name(), cause, at));
  }

  /** A result of a command that a newer one for the same object replaced is harmless: it is not applied. */
  private static boolean latest(SwarmProgress p, String subject, TrackedCommand command) {
    String newest = p.latest.get(subject);
    return newest == null || newest.equals(command.commandId);
  }

  private static void departed(SwarmProgress p, long host, java.util.function.UnaryOperator<Member> change) {
    Member member = p.members.get(host);
    if (member != null) {
      p.members.put(host, change.apply(member));
    }
  }

  private static void mergeManagerAddrs(SwarmProgress p, List<String> addrs) {
    if (addrs != null && !addrs.isEmpty()) {
      p.managerAddrs = new ArrayList<>(new TreeSet<>(addrs));
    }
  }
}
