package io.netboxswarm.orchestrator.rules;

import io.netboxswarm.contracts.admission.AdmissionPolicy;
import io.netboxswarm.contracts.admission.AdmissionViolation;
import io.netboxswarm.orchestrator.desired.Desired;
import io.netboxswarm.orchestrator.rules.ServiceSpecs;
import io.netboxswarm.orchestrator.state.ContainerSpec;
import io.netboxswarm.orchestrator.state.Member;
import io.netboxswarm.orchestrator.state.NetworkSpec;
import io.netboxswarm.orchestrator.state.SecretMountSpec;
import io.netboxswarm.orchestrator.state.SecretSpec;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The checks of {@link Rule} that concern what NetBox asks of one swarm: its members, its hosts' networks and
 * containers, its secrets. It reads only its arguments.
 */
public final class SwarmRules {

  private final AdmissionPolicy admission;

  public SwarmRules(AdmissionPolicy admission) {
    this.admission = admission;
  }

  public AdmissionPolicy admission() {
    return admission;
  }

  /** A container the admission policy refuses: reported on the Container, which gets no service change. */
  public static Violation admissionViolation(ContainerSpec container, List<AdmissionViolation> refused) {
    return new Violation(Rule.ADMISSION_POLICY, "container", container.id(), container.host(), "container '"
        + container.name() + "' on host " + container.host() + " is refused by the admission policy: "
        + refused.stream().map(v -> v.reason() + " (" + v.code() + ")").collect(Collectors.joining("; "))
        + "; no service is created or changed for it (a service it already has is left as it is)");
  }

  public Evaluation evaluate(SwarmSpec spec, SwarmProgress progress, Desired desired) {
    long swarmId = progress.swarmId;
    List<Violation> violations = new ArrayList<>();
    Set<Long> frozen = new HashSet<>();
    Set<String> blocked = new HashSet<>();
    Set<Long> held = new HashSet<>();
    List<Long> managers = new ArrayList<>();
    List<Long> workers = new ArrayList<>();
    Map<Long, Long> arriving = new HashMap<>();
    if (spec != null) {
      Map<Long, Integer> listed = new HashMap<>();
      spec.managers().forEach(h -> listed.merge(h, 1, Integer::sum));
      spec.workers().forEach(h -> listed.merge(h, 1, Integer::sum));
      for (long host : Stream.concat(spec.managers().stream(), spec.workers().stream()).distinct().toList()) {
        Long owner = desired.claims().get(host);
        if (listed.get(host) > 1) {
          violations.add(new Violation(Rule.HOST_TWICE_IN_SWARM, "swarm", swarmId, host,
              "host " + host + " is listed more than once in swarm " + swarmId
                  + " (a host is in a swarm with one role); it is left as it is"));
          frozen.add(host);
        } else if (owner != null && owner != swarmId && !desired.lists(owner, host)) {
          arriving.put(host, owner); // a move NetBox sent as two updates: not a violation, a wait
        } else if (owner != null && owner != swarmId) {
          violations.add(new Violation(Rule.HOST_IN_TWO_SWARMS, "swarm", swarmId, host,
              "host " + host + " is already in swarm " + owner + "; a host is in at most one swarm"));
        } else if (spec.managers().contains(host)) {
          managers.add(host);
        } else {
          workers.add(host);
        }
      }
    }
    boolean managerMembers = progress.members.values().stream().anyMatch(Member::manager);
    // Workers that stay; workers that are leaving too do not keep the last manager.
    boolean workersRemain = !workers.isEmpty();
    if (managers.isEmpty() && workersRemain) {
      if (managerMembers) {
        List<Long> kept = progress.members.values().stream().filter(Member::manager).map(Member::hostId).toList();
        violations.add(new Violation(Rule.LAST_MANAGER, "swarm", swarmId, null, "the removal of manager "
            + (kept.size() == 1 ? "host " + kept.get(0) : "hosts " + kept) + " from swarm " + swarmId
            + " is refused: the last manager stays while workers " + workers + " remain, which would be left"
            + " without a cluster; list another manager or remove the workers first"));
        frozen.addAll(kept);
      } else if (!workers.isEmpty()) {
        violations.add(new Violation(Rule.WORKER_NEEDS_MANAGER, "swarm", swarmId, null,
            "swarm " + swarmId + " has workers " + workers + " but no manager; workers join once a manager exists"));
        frozen.addAll(workers);
        workers.clear();
      }
    }
    Set<Long> hosts = new HashSet<>(managers);
    hosts.addAll(workers);
    hosts.addAll(frozen);
    hosts.addAll(progress.members.keySet());
    for (NetworkSpec network : desired.networks().values()) {
      if (network.host() != null && hosts.contains(network.host()) && !network.overlay()) {
        violations.add(new Violation(Rule.OVERLAY_ONLY, "network", network.id(), network.host(),
            "network '" + network.name() + "' (driver " + network.driver() + ") is on host " + network.host()
                + ", which is in swarm " + swarmId + ": only overlay networks are accepted on a swarm host"));
        blocked.add("network:" + network.id());
      }
    }
    for (ContainerSpec container : desired.containers().values()) {
      if (container.host() == null || !hosts.contains(container.host())) {
        continue;
      }
      // What an editor of the Container controls; the planner checks the whole service spec again.
      List<AdmissionViolation> refused = new ArrayList<>();
      if (container.image() != null) {
        refused.addAll(admission.checkImage(container.image()));
      }
      refused.addAll(admission.checkMounts(ServiceSpecs.mounts(container)));
      if (!refused.isEmpty()) {
        violations.add(admissionViolation(container, refused));
        held.add(container.id());
      }
      DockerRefusals.of(container).ifPresent(v -> {
        violations.add(v);
        held.add(container.id());
      });
      for (SecretMountSpec mount : desired.secretMountsOf(container)) {
        SecretSpec secret = desired.secrets().get(mount.secret());
        if (secret != null && secret.swarm() != null && secret.swarm() != swarmId) {
          boolean ownObject = mount.id() != null;
          violations.add(new Violation(Rule.SECRET_OF_OTHER_SWARM, ownObject ? "secretmount" : "container",
              ownObject ? mount.id() : container.id(), container.host(),
              "container '" + container.name() + "' mounts secret '" + secret.name() + "' of swarm "
                  + secret.swarm() + ", but its host is in swarm " + swarmId));
          blocked.add("container:" + container.id());
        }
      }
    }
    for (SecretSpec secret : desired.secrets().values()) {
      if (spec != null && secret.swarm() != null && secret.swarm() == swarmId) {
        DockerRefusals.of(secret, swarmId).ifPresent(v -> {
          violations.add(v);
          blocked.add("secret:" + secret.id());
        });
      }
    }
    return new Evaluation(new Membership(managers, workers, frozen, arriving), hosts, violations, blocked, held);
  }
}
