package io.netboxswarm.orchestrator.plan;

import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.command.CreateSecret;
import io.netboxswarm.contracts.command.RemoveSecret;
import io.netboxswarm.orchestrator.rules.Evaluation;
import io.netboxswarm.orchestrator.state.ContainerSpec;
import io.netboxswarm.orchestrator.state.IntentKey;
import io.netboxswarm.orchestrator.state.SecretSpec;
import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmProgress.Created;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Docker secrets of one swarm: the current version of each of its NetBox Secrets made on a manager, a replaced
 * version removed once every service runs its new spec, and the secrets of deleted Secrets removed.
 */
final class SecretPlan {

  static final String SECRET_ID_LABEL = "io.netboxswarm.secret-id";

  private SecretPlan() {
  }

  /**
   * Plans the current versions; returns the Secrets whose current version cannot be made (a violation, a failed
   * create), with why, so that the services mounting them can say what they wait for.
   */
  static Map<Long, String> plan(PlanInput in, Evaluation evaluation, long manager, Decision out) {
    SwarmProgress progress = in.progress();
    Map<Long, String> unavailable = new TreeMap<>();
    Set<Long> wanted = new HashSet<>();
    for (SecretSpec secret : in.desired().secrets().values()) {
      if (secret.swarm() == null || secret.swarm() != progress.swarmId) {
        continue;
      }
      wanted.add(secret.id());
      if (evaluation.blockedObjects().contains("secret:" + secret.id())) {
        unavailable.put(secret.id(), describe(secret) + " is refused: Docker would not take it (see its journal)");
        continue;
      }
      String name = SecretVersions.dockerName(secret);
      Created created = progress.secretIds.get(secret.id());
      if (created != null && created.name().equals(name)) {
        continue;
      }
      IntentKey key = IntentKey.of("secret", progress.swarmId, secret.id(), secret.dataVersion(), name);
      if (in.capabilities().failed().containsKey(key)) {
        unavailable.put(secret.id(), describe(secret) + " could not be made in Docker ("
            + in.capabilities().failed().get(key) + ")");
        continue;
      }
      if (secret.data() == null) {
        out.add(Notice.waiting("secret-without-data:" + secret.id(), "secret", "secret '" + secret.name()
            + "' has no data: NetBox sends a Secret's data only when it is written", "secret", secret.id()));
        continue;
      }
      if (!in.capabilities().canSealFor(manager)) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>(secret.labels());
      labels.put(SECRET_ID_LABEL, String.valueOf(secret.id()));
      out.add(new Intent(key, Step.CREATE_SECRET, manager, null, secret.id(), "secret:" + secret.id(),
          sealing -> new CreateSecret(name, sealing.secret(manager, secret.id(), name, secret.data()), labels)));
    }
    for (var created : progress.secretIds.entrySet()) {
      if (!wanted.contains(created.getKey())) {
        String name = created.getValue().name();
        out.add(new Intent(IntentKey.of("rm-secret", progress.swarmId, created.getKey(),
            created.getValue().dockerId()), Step.REMOVE_SECRET, manager, null, created.getKey(),
            "secret:" + created.getKey(),
            sealing -> new RemoveSecret(name)));
      }
    }
    return unavailable;
  }

  /** Replaced versions go once no service can still mount them: when every service runs its current spec. */
  static void retire(SwarmProgress progress, boolean servicesCurrent, long manager, Decision out) {
    for (var retired : progress.retiredSecrets.entrySet()) {
      String name = retired.getKey();
      if (!servicesCurrent) {
        out.add(new Notice("retired-secret-waits:" + name, AuditKind.DECISION, Severity.INFO, "secret",
            "Docker secret '" + name + "', a replaced version of NetBox secret " + retired.getValue()
                + ", is removed once the services of swarm " + progress.swarmId + " run their new specs",
            "secret", retired.getValue(), null, false));
        continue;
      }
      out.add(new Intent(IntentKey.of("rm-secret-version", progress.swarmId, retired.getValue(), name),
          Step.REMOVE_SECRET_VERSION, manager, null, retired.getValue(), "secret-version:" + name,
          sealing -> new RemoveSecret(name)));
    }
  }

  /** A container mounting a Secret that cannot be made gets no service; it says which Secret, and why. */
  static Notice dependentHeld(ContainerSpec container, long secretId, String why) {
    return new Notice("secret-unavailable:" + container.id() + ":" + secretId, AuditKind.WARNING, Severity.WARNING,
        "service", "container '" + container.name() + "' (NetBox container " + container.id() + ") gets no service"
            + " while the secret it mounts is unavailable: " + why, "container", container.id(), container.host(),
        true);
  }

  private static String describe(SecretSpec secret) {
    return "secret '" + secret.name() + "' (NetBox secret " + secret.id() + ")";
  }
}
