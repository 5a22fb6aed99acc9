package io.netboxswarm.orchestrator.rules;

import io.netboxswarm.contracts.admission.AdmissionPolicy;
import io.netboxswarm.contracts.admission.AdmissionViolation;
import io.netboxswarm.orchestrator.desired.Claims;
import io.netboxswarm.orchestrator.plan.ServiceSpecs;
import io.netboxswarm.orchestrator.state.ContainerSpec;
import io.netboxswarm.orchestrator.state.Member;
import io.netboxswarm.orchestrator.state.NetworkSpec;
import io.netboxswarm.orchestrator.state.SecretMountSpec;
import io.netboxswarm.orchestrator.state.SecretSpec;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import io.netboxswarm.orchestrator.state.World;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The proposal's membership rules (issue #180, DESIGN.md) and the operator's quorum rule, applied to one swarm.
 * NetBox has already saved the change, so a violation cannot be refused: it is left undone and reported.
 */
public final class SwarmRules {

  /** The rule of a container the admission policy refuses. */
  public static final String ADMISSION_RULE = "admission-policy";

  private final World world;
  private final Claims claims;
  private final AdmissionPolicy admission;

  public SwarmRules(World world, Claims claims) {
    this(world, claims, AdmissionPolicy.defaults());
  }

  public SwarmRules(World world, Claims claims, AdmissionPolicy admission) {
    this.world = world;
    this.claims = claims;
    this.admission = admission;
  }

  public AdmissionPolicy admission() {
    return admission;
  }

  /** A container the admission policy refuses: reported on the Container, which gets no service change. */
  public static Violation admissionViolation(ContainerSpec container, List<AdmissionViolation> refused) {
    return new Violation(ADMISSION_RULE, "container", container.id(), container.host(), "container '"
        + container.name() + "' on host " + container.host() + " is refused by the admission policy: "
        + refused.stream().map(v -> v.reason() + " (" + v.code() + ")").collect(Collectors.joining("; "))
        + "; no service is created or changed for it (a service it already has is left as it is)");
  }

  public Evaluation evaluate(SwarmSpec spec, SwarmProgress progress) {
    long swarmId = progress.swarmId;
    List<Violation> violations = new ArrayList<>();
    Set<Long> frozen = new HashSet<>();
    Set<String> blocked = new HashSet<>();
    Set<Long> held = new HashSet<>();
    List<Long> managers = new ArrayList<>();
    List<Long> workers = new ArrayList<>();
    if (spec != null) {
      Map<Long, Integer> listed = new HashMap<>();
      spec.managers().forEach(h -> listed.merge(h, 1, Integer::sum));
      spec.workers().forEach(h -> listed.merge(h, 1, Integer::sum));
      for (long host : new LinkedHashSet<>(concat(spec.managers(), spec.workers()))) {
        Long owner = claims.owner(host);
        if (listed.get(host) > 1) {
          violations.add(new Violation("host-twice-in-swarm", "swarm", swarmId, host,
              "host " + host + " is listed more than once in swarm " + swarmId
                  + " (a host is in a swarm with one role); it is left as it is"));
          frozen.add(host);
        } else if (owner != null && owner != swarmId) {
          violations.add(new Violation("host-in-two-swarms", "swarm", swarmId, host,
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
        violations.add(new Violation("last-manager", "swarm", swarmId, null,
            "removing the last manager of swarm " + swarmId + " while workers remain would leave them without a"
                + " cluster; refused"));
        progress.members.values().stream().filter(Member::manager).forEach(m -> frozen.add(m.hostId()));
      } else if (!workers.isEmpty()) {
        violations.add(new Violation("worker-needs-manager", "swarm", swarmId, null,
            "swarm " + swarmId + " has workers " + workers + " but no manager; workers join once a manager exists"));
        frozen.addAll(workers);
        workers.clear();
      }
    }
    Set<Long> hosts = new HashSet<>(managers);
    hosts.addAll(workers);
    hosts.addAll(frozen);
    hosts.addAll(progress.members.keySet());
    for (NetworkSpec network : world.networks.values()) {
      if (network.host() != null && hosts.contains(network.host()) && !network.overlay()) {
        violations.add(new Violation("overlay-only", "network", network.id(), network.host(),
            "network '" + network.name() + "' (driver " + network.driver() + ") is on host " + network.host()
                + ", which is in swarm " + swarmId + ": only overlay networks are accepted on a swarm host"));
        blocked.add("network:" + network.id());
      }
    }
    for (ContainerSpec container : world.containers.values()) {
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
      for (SecretMountSpec mount : secretMountsOf(container)) {
        SecretSpec secret = world.secrets.get(mount.secret());
        if (secret != null && secret.swarm() != null && secret.swarm() != swarmId) {
          boolean ownObject = mount.id() != null;
          violations.add(new Violation("secret-of-other-swarm", ownObject ? "secretmount" : "container",
              ownObject ? mount.id() : container.id(), container.host(),
              "container '" + container.name() + "' mounts secret '" + secret.name() + "' of swarm "
                  + secret.swarm() + ", but its host is in swarm " + swarmId));
          blocked.add("container:" + container.id());
        }
      }
    }
    for (SecretSpec secret : world.secrets.values()) {
      if (spec != null && secret.swarm() != null && secret.swarm() == swarmId) {
        DockerRefusals.of(secret, swarmId).ifPresent(v -> {
          violations.add(v);
          blocked.add("secret:" + secret.id());
        });
      }
    }
    return new Evaluation(new Membership(managers, workers, frozen), violations, blocked, held);
  }

  /** A container's secret mounts: nested in its payload, and SecretMount objects pointing at it. */
  public List<SecretMountSpec> secretMountsOf(ContainerSpec container) {
    List<SecretMountSpec> mounts = new ArrayList<>(container.secretMounts());
    Set<Long> nested = new HashSet<>();
    container.secretMounts().forEach(m -> nested.add(m.secret()));
    for (SecretMountSpec mount : world.secretMounts.values()) {
      if (mount.container() != null && mount.container() == container.id() && !nested.contains(mount.secret())) {
        mounts.add(mount);
      }
    }
    return mounts;
  }

  private static List<Long> concat(List<Long> a, List<Long> b) {
    List<Long> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
