package io.netboxswarm.orchestrator;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealedValue;
import io.netboxswarm.contracts.admission.AdmissionPolicy;
import io.netboxswarm.contracts.observed.LocalNodeState;
import io.netboxswarm.orchestrator.desired.Desired;
import io.netboxswarm.orchestrator.plan.Capabilities;
import io.netboxswarm.orchestrator.plan.Decision;
import io.netboxswarm.orchestrator.plan.Intent;
import io.netboxswarm.orchestrator.plan.PlanInput;
import io.netboxswarm.orchestrator.plan.Sealing;
import io.netboxswarm.orchestrator.plan.SwarmPlanner;
import io.netboxswarm.orchestrator.rules.SwarmRules;
import io.netboxswarm.orchestrator.state.ContainerSpec;
import io.netboxswarm.orchestrator.state.Departure;
import io.netboxswarm.orchestrator.state.HostObservation;
import io.netboxswarm.orchestrator.state.IntentKey;
import io.netboxswarm.orchestrator.state.Member;
import io.netboxswarm.orchestrator.state.MemoryStateStore;
import io.netboxswarm.orchestrator.state.NetworkSpec;
import io.netboxswarm.orchestrator.state.Sealed;
import io.netboxswarm.orchestrator.state.SecretMountSpec;
import io.netboxswarm.orchestrator.state.SecretSpec;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import io.netboxswarm.orchestrator.state.World;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One swarm's decision inputs, built by hand, for the fast tier: swarm 5 (hosts 1-9 have keysets), and what the
 * pure decision makes of them. No broker, no keys, no clock: sealing is a stand-in that names what it sealed.
 */
public final class SwarmFixture {

  public static final long SWARM = 5;

  public final World world = new World(new MemoryStateStore());
  public final SwarmProgress progress = new SwarmProgress(SWARM);
  public final Set<Long> sealable = new HashSet<>(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L));
  public final Map<IntentKey, String> failed = new HashMap<>();
  public AdmissionPolicy admission = AdmissionPolicy.defaults();
  public SwarmSpec spec;

  /** NetBox lists these managers and workers in swarm 5, which claims them unless another swarm did first. */
  public SwarmFixture wants(List<Long> managers, List<Long> workers) {
    spec = new SwarmSpec(SWARM, "swarm-5", null, null, managers, workers, null);
    world.swarms.put(SWARM, spec);
    managers.forEach(h -> claim(h, SWARM));
    workers.forEach(h -> claim(h, SWARM));
    return this;
  }

  public SwarmFixture rotation(String request) {
    spec = new SwarmSpec(SWARM, spec.name(), null, null, spec.managers(), spec.workers(), request);
    world.swarms.put(SWARM, spec);
    return this;
  }

  public SwarmFixture claim(long host, long swarm) {
    if (world.claims.get(host) == null) {
      world.claims.put(host, swarm);
    }
    return this;
  }

  public SwarmFixture observed(long host) {
    world.observations.put(host, new HostObservation(host, true, LocalNodeState.INACTIVE, null, null, null,
        "192.0.2." + host, null));
    return this;
  }

  /** The cluster exists: host 1 initialized it. */
  public SwarmFixture formed() {
    progress.clusterId = "cluster-5";
    progress.initHost = 1L;
    progress.managerAddrs = new ArrayList<>(List.of("192.0.2.1:2377"));
    progress.workerToken = new Sealed("orchestrator", "d29ya2Vy");
    progress.managerToken = new Sealed("orchestrator", "bWFuYWdlcg==");
    return this;
  }

  public SwarmFixture member(long host, NodeRole role) {
    return member(host, role, null);
  }

  public SwarmFixture member(long host, NodeRole role, Departure departure) {
    progress.members.put(host, new Member(host, "node-" + host, role, departure, 0));
    claim(host, SWARM);
    return this;
  }

  public SwarmFixture secret(long id, Long swarm, String name, int bytes) {
    world.secrets.put(id, new SecretSpec(id, swarm, name, bytes < 0 ? null : sealedOf(bytes), 1, Map.of()));
    return this;
  }

  public SwarmFixture network(long id, long host, String name, String driver) {
    world.networks.put(id, new NetworkSpec(id, host, name, driver));
    return this;
  }

  public SwarmFixture container(long id, long host, String name, List<Long> secrets, List<String> overlays) {
    return container(id, host, name, secrets, overlays, List.of());
  }

  public SwarmFixture container(long id, long host, String name, List<Long> secrets, List<String> overlays,
      List<ContainerSpec.MountSpec> mounts) {
    List<SecretMountSpec> mounted = secrets.stream()
        .map(s -> new SecretMountSpec(null, id, s, null, null, null, null, null)).toList();
    List<ContainerSpec.NetworkRef> networks = overlays.stream()
        .map(n -> new ContainerSpec.NetworkRef(0, n, "overlay")).toList();
    world.containers.put(id, new ContainerSpec(id, host, name, "nginx:1.27", null, List.of(), Map.of(), mounts,
        networks, mounted, null));
    return this;
  }

  public Decision decide() {
    return new SwarmPlanner(new SwarmRules(admission)).decide(new PlanInput(spec, progress, Desired.of(world),
        world.observations, new Capabilities(sealable, failed)));
  }

  /** The decision's steps as "STEP@host", the host whose agent runs it, in the order decided. */
  public List<String> steps() {
    return steps(decide());
  }

  public static List<String> steps(Decision decision) {
    return decision.intents().stream().map(i -> i.step() + "@" + i.hostId()).toList();
  }

  public static List<String> notices(Decision decision) {
    return decision.notices().stream().map(n -> n.key().replaceAll(":.*", "")).toList();
  }

  public static List<String> violations(Decision decision) {
    return decision.violations().stream().map(v -> v.rule().id()).toList();
  }

  /** The command an intent carries, sealed by a stand-in that writes what it sealed, for whom. */
  public static Object command(Intent intent) {
    return intent.action().apply(new Sealing() {
      @Override
      public SealedValue joinToken(long hostId, String clusterId, NodeRole role, Sealed token) {
        return named("join-token " + role + " of " + clusterId + " for host " + hostId);
      }

      @Override
      public SealedValue secret(long hostId, long netboxSecretId, String dockerName, Sealed data) {
        return named("secret " + netboxSecretId + " as " + dockerName + " for host " + hostId);
      }
    });
  }

  private static SealedValue named(String what) {
    return new SealedValue("stand-in", ByteBuffer.wrap(what.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Sealed data whose plaintext has this many bytes (sealing adds 62). */
  private static Sealed sealedOf(int bytes) {
    return new Sealed("orchestrator", Base64.getEncoder().encodeToString(new byte[bytes + 62]));
  }
}
