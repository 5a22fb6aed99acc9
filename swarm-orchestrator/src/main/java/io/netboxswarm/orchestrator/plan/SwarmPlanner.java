package io.netboxswarm.orchestrator.plan;

import io.netboxswarm.contracts.NodeAvailability;
import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.admission.AdmissionViolation;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.command.CreateNetwork;
import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.command.LeaveSwarm;
import io.netboxswarm.contracts.command.RemoveNetwork;
import io.netboxswarm.contracts.command.RemoveNode;
import io.netboxswarm.contracts.command.RemoveService;
import io.netboxswarm.contracts.command.RotateJoinToken;
import io.netboxswarm.contracts.command.ServiceSpec;
import io.netboxswarm.contracts.command.UpdateNode;
import io.netboxswarm.contracts.command.UpdateService;
import io.netboxswarm.orchestrator.commands.CommandLedger;
import io.netboxswarm.orchestrator.keys.Resealer;
import io.netboxswarm.orchestrator.plan.ServiceSpecs.MountedSecret;
import io.netboxswarm.orchestrator.rules.Evaluation;
import io.netboxswarm.orchestrator.rules.Membership;
import io.netboxswarm.orchestrator.rules.SwarmRules;
import io.netboxswarm.orchestrator.rules.Violation;
import io.netboxswarm.orchestrator.state.ContainerSpec;
import io.netboxswarm.orchestrator.state.Departure;
import io.netboxswarm.orchestrator.state.HostObservation;
import io.netboxswarm.orchestrator.state.IntentKey;
import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.Member;
import io.netboxswarm.orchestrator.state.NetworkSpec;
import io.netboxswarm.orchestrator.state.SecretMountSpec;
import io.netboxswarm.orchestrator.state.SecretSpec;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmProgress.ServiceState;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import io.netboxswarm.orchestrator.state.World;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what NetBox wants of one swarm with what its agents reported, and lists the next steps. It is called
 * after every record that touches the swarm and returns the whole next step set every time: steps already sent or
 * done are filtered out by their command ids, so planning twice never sends twice.
 */
public final class SwarmPlanner {

  public static final String DEFAULT_LISTEN_ADDR = "0.0.0.0:2377";
  static final String SWARM_PORT = ":2377";

  private final World world;
  private final SwarmRules rules;
  private final CommandLedger ledger;
  private final Resealer resealer;
  private final SecretPlan secrets;

  public SwarmPlanner(World world, SwarmRules rules, CommandLedger ledger, Resealer resealer) {
    this.world = world;
    this.rules = rules;
    this.ledger = ledger;
    this.resealer = resealer;
    this.secrets = new SecretPlan(world, ledger, resealer);
  }

  /** The plan for one swarm. */
  public record Plan(Evaluation evaluation, List<Intent> intents, List<Notice> notices) {
  }

  public Plan plan(SwarmSpec spec, SwarmProgress progress, Evaluation evaluation) {
    List<Intent> intents = new ArrayList<>();
    List<Notice> notices = new ArrayList<>();
    Membership m = evaluation.membership();
    if (!progress.formed()) {
      planInit(spec, progress, m, intents, notices);
      return new Plan(evaluation, intents, notices);
    }
    planJoins(progress, m, intents, notices);
    planRoleChanges(progress, m, intents);
    planRemovals(progress, m, intents, notices);
    planForgetting(progress, m, intents);
    if (m.managers().size() > 1 && m.managers().size() % 2 == 0) {
      notices.add(new Notice("even-managers:" + m.managers().size(), AuditKind.WARNING, Severity.WARNING, "quorum",
          "swarm " + progress.swarmId + " will have " + m.managers().size() + " managers: an even number tolerates no"
              + " more failures than one fewer", "swarm", progress.swarmId, null, false));
    }
    Long manager = pickManager(progress, null);
    List<Violation> admissionRefusals = new ArrayList<>();
    if (manager != null) {
      Set<Long> hosts = hostsOf(progress, m);
      Map<Long, String> unavailable = spec == null ? Map.of()
          : secrets.plan(progress, evaluation, manager, intents, notices);
      Set<String> overlays = planNetworks(progress, evaluation, hosts, manager, intents);
      boolean servicesCurrent = planServices(progress, evaluation, hosts, overlays, unavailable, manager, intents,
          notices, admissionRefusals);
      secrets.retire(progress, servicesCurrent, manager, intents, notices);
      if (spec != null && spec.rotationRequest() != null) {
        intents.add(new Intent(IntentKey.of("rotate", progress.swarmId, spec.rotationRequest()), Step.ROTATE, manager, null,
            null, null, () -> new RotateJoinToken(true, true)));
      }
    }
    return new Plan(evaluation.with(admissionRefusals), intents, notices);
  }

  private void planInit(SwarmSpec spec, SwarmProgress progress, Membership m, List<Intent> intents,
      List<Notice> notices) {
    if (spec == null || m.managers().isEmpty()) {
      return;
    }
    long first = m.managers().get(0);
    HostObservation observed = world.observations.get(first);
    String advertise = spec.advertiseAddr() != null && !spec.advertiseAddr().isBlank() ? spec.advertiseAddr()
        : observed == null ? null : observed.address();
    if (advertise == null) {
      notices.add(Notice.waiting("waiting-address:" + first, "init", "swarm " + progress.swarmId
          + " waits for host " + first + " to report its address (no advertise_addr in NetBox)", "swarm",
          progress.swarmId));
      return;
    }
    String listen = spec.listenAddr() == null || spec.listenAddr().isBlank() ? DEFAULT_LISTEN_ADDR : spec.listenAddr();
    intents.add(new Intent(IntentKey.of("init", progress.swarmId, progress.formation), Step.INIT, first, first, null, null,
        () -> new InitSwarm(listen, advertise, spec.name())));
  }

  private void planJoins(SwarmProgress progress, Membership m, List<Intent> intents, List<Notice> notices) {
    if (progress.managerAddrs.isEmpty()) {
      return;
    }
    // Managers one at a time: each one is a Raft membership change.
    for (long host : m.managers()) {
      if (progress.members.containsKey(host)) {
        continue;
      }
      joinIntent(progress, host, NodeRole.MANAGER, intents, notices);
      break;
    }
    for (long host : m.workers()) {
      if (!progress.members.containsKey(host)) {
        joinIntent(progress, host, NodeRole.WORKER, intents, notices);
      }
    }
  }

  private void joinIntent(SwarmProgress progress, long host, NodeRole role, List<Intent> intents,
      List<Notice> notices) {
    if (!resealer.canSealFor(host)) {
      notices.add(new Notice("no-keyset:" + host, AuditKind.WARNING, Severity.WARNING, "join",
          "no public keyset for host " + host + ": its join token cannot be sealed for it", "host", host, host, false));
      return;
    }
    String roleName = role == NodeRole.MANAGER ? "manager" : "worker";
    String clusterId = progress.clusterId;
    var token = role == NodeRole.MANAGER ? progress.managerToken : progress.workerToken;
    List<String> remotes = List.copyOf(progress.managerAddrs);
    HostObservation observed = world.observations.get(host);
    String advertise = observed == null ? null : observed.address();
    intents.add(new Intent(IntentKey.of("join", progress.swarmId, clusterId, host, role,
        progress.joinGeneration(host)), Step.JOIN, host, host, null, null,
        () -> new JoinSwarm(role, remotes, resealer.joinTokenFor(host, clusterId, roleName, token).orElseThrow(),
            clusterId, DEFAULT_LISTEN_ADDR, advertise)));
  }

  private void planRoleChanges(SwarmProgress progress, Membership m, List<Intent> intents) {
    for (Member member : progress.members.values()) {
      NodeRole role = m.roleOf(member.hostId());
      if (role == null || member.departure() != null || role == member.role()) {
        continue;
      }
      Long manager = pickManager(progress, member.hostId());
      if (manager == null) {
        continue;
      }
      Step step = role == NodeRole.MANAGER ? Step.PROMOTE : Step.DEMOTE_ROLE;
      intents.add(new Intent(IntentKey.of(step.rule(), progress.swarmId, member.hostId(), member.nodeId()),
          step, manager, member.hostId(), null, null, () -> new UpdateNode(member.nodeId(), role, null, null)));
    }
  }

  private void planRemovals(SwarmProgress progress, Membership m, List<Intent> intents, List<Notice> notices) {
    Member demoting = null;
    for (Member member : progress.members.values()) {
      if (m.wants(member.hostId()) || m.frozen().contains(member.hostId())) {
        continue;
      }
      if (member.manager()) {
        // Managers leave one at a time (each demotion is a Raft membership change), lowest host id first.
        if (demoting == null) {
          demoting = member;
        }
      } else {
        removalStep(progress, member, intents); // workers, and managers already demoted, in parallel
      }
    }
    if (demoting != null) {
      removeManager(progress, demoting, intents, notices);
    }
  }

  private void removeManager(SwarmProgress progress, Member member, List<Intent> intents, List<Notice> notices) {
    boolean others = progress.members.values().stream().anyMatch(o -> o.hostId() != member.hostId());
    Long other = pickManager(progress, member.hostId());
    if (other == null) {
      if (others) {
        notices.add(Notice.waiting("last-manager-waits:" + member.hostId(), "quorum", "host " + member.hostId()
            + " is the last manager of swarm " + progress.swarmId + "; it leaves after the other members",
            "swarm", progress.swarmId));
        return;
      }
      intents.add(new Intent(IntentKey.of("dissolve", progress.swarmId, progress.clusterId), Step.DISSOLVE,
          member.hostId(), member.hostId(), null, null,
          () -> new LeaveSwarm(progress.clusterId, true, List.copyOf(progress.managerAddrs))));
      return;
    }
    intents.add(new Intent(IntentKey.of("demote", progress.swarmId, member.hostId(), member.nodeId()), Step.DEMOTE,
        other, member.hostId(), null, null, () -> new UpdateNode(member.nodeId(), NodeRole.WORKER, null, null)));
  }

  /** Drain, leave, remove from the node list: each after the previous one succeeded. */
  private void removalStep(SwarmProgress progress, Member member, List<Intent> intents) {
    Long manager = pickManager(progress, member.hostId());
    if (manager == null) {
      return;
    }
    Departure departure = member.departure();
    if (departure == null || departure == Departure.DEMOTED) {
      intents.add(new Intent(IntentKey.of("drain", progress.swarmId, member.hostId(), member.nodeId()), Step.DRAIN, manager, member.hostId(), null, null,
          () -> new UpdateNode(member.nodeId(), null, NodeAvailability.DRAIN, null)));
    } else if (departure == Departure.DRAINED) {
      intents.add(new Intent(IntentKey.of("leave", progress.swarmId, member.hostId(), member.nodeId()), Step.LEAVE, member.hostId(), member.hostId(), null, null,
          () -> new LeaveSwarm(progress.clusterId, false, List.copyOf(progress.managerAddrs))));
    } else {
      intents.add(new Intent(IntentKey.of("remove-node", progress.swarmId, member.hostId(), member.nodeId()), Step.REMOVE_NODE, manager, member.hostId(), null, null,
          () -> new RemoveNode(member.nodeId(), true, false)));
    }
  }

  /**
   * A member that left by hand left its old node id in the node list: a manager removes it once the host joined
   * again (or is no longer wanted), by when the managers have long seen the old entry down.
   */
  private void planForgetting(SwarmProgress progress, Membership m, List<Intent> intents) {
    for (var stale : progress.staleNodes.entrySet()) {
      String nodeId = stale.getKey();
      Member now = progress.members.get(stale.getValue());
      if (m.wants(stale.getValue()) && (now == null || nodeId.equals(now.nodeId()))) {
        continue;
      }
      Long manager = pickManager(progress, stale.getValue());
      if (manager != null) {
        intents.add(new Intent(IntentKey.of("forget-node", progress.swarmId, nodeId), Step.FORGET_NODE, manager,
            stale.getValue(), null, null, () -> new RemoveNode(nodeId, true, true)));
      }
    }
  }

  private Set<String> planNetworks(SwarmProgress progress, Evaluation evaluation, Set<Long> hosts, long manager,
      List<Intent> intents) {
    Set<String> overlays = new TreeSet<>();
    for (NetworkSpec network : world.networks.values()) {
      if (network.host() != null && hosts.contains(network.host()) && network.overlay() && network.name() != null
          && !evaluation.blockedObjects().contains("network:" + network.id())) {
        overlays.add(network.name());
      }
    }
    for (String name : overlays) {
      if (!progress.networkIds.containsKey(name)) {
        intents.add(new Intent(IntentKey.of("network", progress.swarmId, name), Step.CREATE_NETWORK, manager, null, null,
            "network:" + name, () -> new CreateNetwork(name, "overlay", true,
                Map.of("io.netboxswarm.swarm-id", String.valueOf(progress.swarmId)))));
      }
    }
    for (var created : progress.networkIds.entrySet()) {
      if (!overlays.contains(created.getKey())) {
        String name = created.getKey();
        intents.add(new Intent(IntentKey.of("rm-network", progress.swarmId, name, created.getValue()),
            Step.REMOVE_NETWORK, manager, null, null, "network:" + name, () -> new RemoveNetwork(name)));
      }
    }
    return overlays;
  }

  /** Returns whether every service of the swarm runs its current spec (none to create, change or remove). */
  private boolean planServices(SwarmProgress progress, Evaluation evaluation, Set<Long> hosts, Set<String> overlays,
      Map<Long, String> unavailableSecrets, long manager, List<Intent> intents, List<Notice> notices,
      List<Violation> admissionRefusals) {
    Set<Long> wanted = new HashSet<>();
    Set<Long> current = new HashSet<>();
    for (ContainerSpec container : world.containers.values()) {
      if (container.host() == null || !hosts.contains(container.host())
          || evaluation.blockedObjects().contains("container:" + container.id())) {
        continue;
      }
      if (evaluation.heldContainers().contains(container.id())) {
        wanted.add(container.id()); // refused by the admission policy: its service, if any, is left as it is
        continue;
      }
      Member member = progress.members.get(container.host());
      if (member == null || member.departure() != null) {
        if (evaluation.membership().wants(container.host())) {
          wanted.add(container.id()); // keep an existing service while its host re-joins
          notices.add(Notice.waiting("waiting-node:" + container.id(), "service", "container '" + container.name()
              + "' waits for host " + container.host() + " to have a swarm node id", "container", container.id()));
        }
        continue;
      }
      wanted.add(container.id());
      if (container.image() == null) {
        notices.add(Notice.waiting("no-image:" + container.id(), "service", "container '" + container.name()
            + "' has no image", "container", container.id()));
        continue;
      }
      List<MountedSecret> secrets = new ArrayList<>();
      boolean ready = true;
      for (SecretMountSpec mount : rules.secretMountsOf(container)) {
        var created = progress.secretIds.get(mount.secret());
        String why = unavailableSecrets.get(mount.secret());
        if (created == null) {
          ready = false;
          notices.add(why == null ? Notice.waiting("waiting-secret:" + container.id() + ":" + mount.secret(),
              "service", "container '" + container.name() + "' waits for secret " + mount.secret()
                  + " to exist in the swarm", "container", container.id())
              : SecretPlan.dependentHeld(container, mount.secret(), why));
        } else {
          secrets.add(new MountedSecret(mount, secretName(mount, created), created.name(), created.dockerId()));
        }
      }
      List<String> networks = new ArrayList<>();
      for (ContainerSpec.NetworkRef ref : container.networks()) {
        NetworkSpec known = world.networks.get(ref.id());
        boolean overlay = "overlay".equalsIgnoreCase(ref.driver()) || (known != null && known.overlay());
        String name = ref.name() != null ? ref.name() : known == null ? null : known.name();
        if (!overlay || name == null) {
          continue; // only overlay networks exist in a swarm
        }
        if (!overlays.contains(name) || !progress.networkIds.containsKey(name)) {
          ready = false;
          notices.add(Notice.waiting("waiting-network:" + container.id() + ":" + name, "service", "container '"
              + container.name() + "' waits for overlay network '" + name + "'", "container", container.id()));
        } else {
          networks.add(name);
        }
      }
      if (!ready) {
        continue;
      }
      ServiceSpec serviceSpec = ServiceSpecs.build(progress.swarmId, container, member.nodeId(), secrets, networks);
      List<AdmissionViolation> refused = rules.admission().check(serviceSpec, member.nodeId());
      if (!refused.isEmpty()) {
        admissionRefusals.add(SwarmRules.admissionViolation(container, refused));
        continue;
      }
      String digest = ServiceSpecs.digest(serviceSpec);
      ServiceState existing = progress.services.get(container.id());
      if (existing != null && digest.equals(existing.specDigest())) {
        current.add(container.id());
        continue;
      }
      Step step = existing == null ? Step.CREATE_SERVICE : Step.UPDATE_SERVICE;
      intents.add(new Intent(IntentKey.of("service", progress.swarmId, container.id(), digest), step, manager, null,
          container.id(), "service:" + container.id(),
          () -> step == Step.CREATE_SERVICE ? new CreateService(serviceSpec) : new UpdateService(serviceSpec)));
    }
    for (var service : progress.services.entrySet()) {
      if (!wanted.contains(service.getKey())) {
        String name = service.getValue().name();
        intents.add(new Intent(IntentKey.of("rm-service", progress.swarmId, service.getKey(),
            service.getValue().serviceId()), Step.REMOVE_SERVICE, manager, null, service.getKey(),
            "service:" + service.getKey(), () -> new RemoveService(name)));
      }
    }
    return current.containsAll(progress.services.keySet());
  }

  /** The NetBox name of a mounted secret: the file a mount without a target gets, whatever the version. */
  private String secretName(SecretMountSpec mount, SwarmProgress.Created created) {
    SecretSpec secret = world.secrets.get(mount.secret());
    return secret != null ? secret.name() : mount.secretName() != null ? mount.secretName() : created.name();
  }

  /** Hosts of the swarm: the ones it wants, the frozen ones and its members. */
  private static Set<Long> hostsOf(SwarmProgress progress, Membership m) {
    Set<Long> hosts = new HashSet<>(m.managers());
    hosts.addAll(m.workers());
    hosts.addAll(m.frozen());
    hosts.addAll(progress.members.keySet());
    return hosts;
  }

  /** A manager that stays: the one that initialized the swarm if it still can, else the lowest host id. */
  public static Long pickManager(SwarmProgress progress, Long excluding) {
    Member init = progress.initHost == null ? null : progress.members.get(progress.initHost);
    if (init != null && init.manager() && init.departure() == null
        && !Long.valueOf(init.hostId()).equals(excluding)) {
      return init.hostId();
    }
    for (Member member : progress.members.values()) {
      if (member.manager() && member.departure() == null && !Long.valueOf(member.hostId()).equals(excluding)) {
        return member.hostId();
      }
    }
    return null;
  }
}
