package io.netboxswarm.orchestrator.plan;

import io.netboxswarm.contracts.admission.AdmissionPolicy;
import io.netboxswarm.contracts.admission.AdmissionViolation;
import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.RemoveService;
import io.netboxswarm.contracts.command.ServiceSpec;
import io.netboxswarm.contracts.command.UpdateService;
import io.netboxswarm.orchestrator.rules.ServiceSpecs;
import io.netboxswarm.orchestrator.rules.ServiceSpecs.MountedSecret;
import io.netboxswarm.orchestrator.rules.Evaluation;
import io.netboxswarm.orchestrator.rules.SwarmRules;
import io.netboxswarm.orchestrator.state.ContainerSpec;
import io.netboxswarm.orchestrator.state.IntentKey;
import io.netboxswarm.orchestrator.state.Member;
import io.netboxswarm.orchestrator.state.NetworkSpec;
import io.netboxswarm.orchestrator.state.SecretMountSpec;
import io.netboxswarm.orchestrator.state.SecretSpec;
import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmProgress.ServiceState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One service per container on a member host (rule 9), made once the secrets and overlay networks it uses exist;
 * updated when its spec changes, removed when the container is gone from the swarm.
 */
final class ServicePlan {

  private final AdmissionPolicy admission;

  ServicePlan(AdmissionPolicy admission) {
    this.admission = admission;
  }

  /** Returns whether every service of the swarm runs its current spec (none to create, change or remove). */
  boolean plan(PlanInput in, Evaluation evaluation, Set<Long> hosts, Set<String> overlays,
      Map<Long, String> unavailableSecrets, long manager, Decision out) {
    SwarmProgress progress = in.progress();
    Set<Long> wanted = new HashSet<>();
    Set<Long> current = new HashSet<>();
    for (ContainerSpec container : in.desired().containers().values()) {
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
          out.add(Notice.waiting("waiting-node:" + container.id(), "service", "container '" + container.name()
              + "' waits for host " + container.host() + " to have a swarm node id", "container", container.id()));
        }
        continue;
      }
      wanted.add(container.id());
      if (container.image() == null) {
        out.add(Notice.waiting("no-image:" + container.id(), "service", "container '" + container.name()
            + "' has no image", "container", container.id()));
        continue;
      }
      List<MountedSecret> secrets = new ArrayList<>();
      boolean ready = true;
      for (SecretMountSpec mount : in.desired().secretMountsOf(container)) {
        var created = progress.secretIds.get(mount.secret());
        String why = unavailableSecrets.get(mount.secret());
        if (created == null) {
          ready = false;
          out.add(why == null ? Notice.waiting("waiting-secret:" + container.id() + ":" + mount.secret(),
              "service", "container '" + container.name() + "' waits for secret " + mount.secret()
                  + " to exist in the swarm", "container", container.id())
              : SecretPlan.dependentHeld(container, mount.secret(), why));
        } else {
          SecretSpec secret = in.desired().secrets().get(mount.secret());
          // The NetBox name: the file a mount without a target gets, whatever the version.
          String name = secret != null ? secret.name() : mount.secretName() != null ? mount.secretName()
              : created.name();
          secrets.add(new MountedSecret(mount, name, created.name(), created.dockerId()));
        }
      }
      List<String> networks = new ArrayList<>();
      for (ContainerSpec.NetworkRef ref : container.networks()) {
        NetworkSpec known = in.desired().networks().get(ref.id());
        boolean overlay = "overlay".equalsIgnoreCase(ref.driver()) || (known != null && known.overlay());
        String name = ref.name() != null ? ref.name() : known == null ? null : known.name();
        if (!overlay || name == null) {
          continue; // only overlay networks exist in a swarm
        }
        if (!overlays.contains(name) || !progress.networkIds.containsKey(name)) {
          ready = false;
          out.add(Notice.waiting("waiting-network:" + container.id() + ":" + name, "service", "container '"
              + container.name() + "' waits for overlay network '" + name + "'", "container", container.id()));
        } else {
          networks.add(name);
        }
      }
      if (!ready) {
        continue;
      }
      ServiceSpec serviceSpec = ServiceSpecs.build(progress.swarmId, container, member.nodeId(), secrets, networks);
      List<AdmissionViolation> refused = admission.check(serviceSpec, member.nodeId());
      if (!refused.isEmpty()) {
        out.violations().add(SwarmRules.admissionViolation(container, refused));
        continue;
      }
      String digest = ServiceSpecs.digest(serviceSpec);
      ServiceState existing = progress.services.get(container.id());
      if (existing != null && digest.equals(existing.specDigest())) {
        current.add(container.id());
        continue;
      }
      Step step = existing == null ? Step.CREATE_SERVICE : Step.UPDATE_SERVICE;
      out.add(new Intent(IntentKey.of("service", progress.swarmId, container.id(), digest), step, manager, null,
          container.id(), "service:" + container.id(),
          sealing -> step == Step.CREATE_SERVICE ? new CreateService(serviceSpec) : new UpdateService(serviceSpec)));
    }
    for (var service : progress.services.entrySet()) {
      if (!wanted.contains(service.getKey())) {
        String name = service.getValue().name();
        out.add(new Intent(IntentKey.of("rm-service", progress.swarmId, service.getKey(),
            service.getValue().serviceId()), Step.REMOVE_SERVICE, manager, null, service.getKey(),
            "service:" + service.getKey(), sealing -> new RemoveService(name)));
      }
    }
    return current.containsAll(progress.services.keySet());
  }
}
