package io.netboxswarm.e2e;

import static io.netboxswarm.e2e.EngineSwarm.active;
import static io.netboxswarm.e2e.EngineSwarm.manager;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import io.netboxswarm.testkit.docker.ContainerExec;
import io.netboxswarm.testkit.docker.Engines;
import io.netboxswarm.testkit.netbox.NetboxObjects.Container;
import io.netboxswarm.testkit.netbox.NetboxObjects.Secret;
import io.netboxswarm.testkit.netbox.NetboxObjects.SecretMount;
import io.netboxswarm.testkit.netbox.NetboxObjects.Swarm;
import io.netboxswarm.testkit.netbox.NetboxWebhooks;
import io.netboxswarm.testkit.netbox.Webhook;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The NetBox changes of a chaos run (formation, a worker joining, leaving and joining again, a secret, a service
 * mounting it, the secret's data changed) and the engines' state they must end in: host 1 the one manager, hosts 2
 * and 3 workers, one node entry per host, one secret on the manager (the rotated one: the first version removed), the
 * service's task on host 2 reading the rotated bytes.
 */
final class ChaosScenario {

  static final long SWARM_ID = 5;
  private static final String SERVICE = "app";
  private static final String SECRET_NAME = "app_password";

  /** The secret's first data, and the data it is rotated to: the service must end reading the second. */
  final String firstSecretText = "chaos-" + UUID.randomUUID();
  final String secretText = "chaos-rotated-" + UUID.randomUUID();
  private final Engines engines;
  private final Swarm formed;
  private final Secret secret;
  private final Secret rotated;
  private final Container app;

  ChaosScenario(Engines engines) {
    this.engines = engines;
    this.formed = new Swarm(SWARM_ID, "chaos-swarm", engines.engine(1).address() + ":2377", List.of(1L), List.of());
    this.secret = new Secret(9, SWARM_ID, SECRET_NAME, firstSecretText.getBytes(StandardCharsets.UTF_8));
    this.rotated = new Secret(9, SWARM_ID, SECRET_NAME, secretText.getBytes(StandardCharsets.UTF_8));
    this.app = new Container(11, 2, SERVICE, engines.serviceImageId(), List.of("sleep", "3600"), List.of(),
        List.of(new SecretMount(9, SECRET_NAME, SECRET_NAME, "0", "0", 0444)), "always");
  }

  /** The webhooks NetBox sends, in the order the operator makes the changes. */
  List<Webhook> webhooks(NetboxWebhooks netbox) {
    Swarm one = formed.withMembers(List.of(1L), List.of(2L));
    Swarm two = formed.withMembers(List.of(1L), List.of(2L, 3L));
    return List.of(netbox.swarmCreated(formed), netbox.swarmUpdated(formed, one),
        netbox.secretCreated(secret, one), netbox.containerCreated(app), netbox.swarmUpdated(one, two),
        netbox.swarmUpdated(two, one), netbox.swarmUpdated(one, two), netbox.secretUpdated(secret, rotated, two));
  }

  /** What is not yet as NetBox wants it; empty once every engine is. */
  List<String> mismatches() throws InterruptedException {
    List<String> wrong = new ArrayList<>();
    try (DockerClient e1 = engines.engine(1).client(); DockerClient e2 = engines.engine(2).client();
        DockerClient e3 = engines.engine(3).client()) {
      if (!manager(e1)) {
        return List.of("engine 1 is not a swarm manager");
      }
      for (DockerClient worker : List.of(e2, e3)) {
        if (!active(worker) || manager(worker)) {
          wrong.add(worker == e2 ? "engine 2 is not a worker" : "engine 3 is not a worker");
        }
      }
      // An engine outside any swarm has no node id: it is named, not put in a set beside another empty id.
      Map<String, String> members = new LinkedHashMap<>();
      List<DockerClient> all = List.of(e1, e2, e3);
      for (int i = 0; i < all.size(); i++) {
        String id = nodeId(all.get(i));
        if (id.isEmpty()) {
          wrong.add("engine " + (i + 1) + " has no node id (in no swarm)");
        } else {
          members.put(id, "engine " + (i + 1));
        }
      }
      List<SwarmNode> nodes = e1.listSwarmNodesCmd().exec();
      Set<String> listed = nodes.stream().map(SwarmNode::getId).collect(Collectors.toSet());
      if (nodes.size() != 3 || !listed.equals(members.keySet())) {
        wrong.add("the manager lists nodes " + describe(nodes) + ", not exactly the three hosts " + members);
      }
      nodes.stream().filter(n -> n.getStatus() == null || n.getStatus().getState() != SwarmNodeState.READY)
          .forEach(n -> wrong.add("node " + n.getId() + " is not ready"));
      var secrets = e1.listSecretsCmd().exec();
      if (secrets.size() != 1) {
        wrong.add("the manager holds " + secrets.size() + " secrets, not 1");
      }
      var services = e1.listServicesCmd().exec();
      if (services.size() != 1 || !SERVICE.equals(services.get(0).getSpec().getName())) {
        wrong.add("the manager runs services " + services.stream().map(s -> s.getSpec().getName()).toList()
            + ", not [app]");
        return wrong;
      }
      List<Task> tasks = e1.listTasksCmd().withServiceFilter(SERVICE).exec();
      String worker = nodeId(e2);
      if (tasks.stream().noneMatch(t -> worker.equals(t.getNodeId()) && t.getStatus() != null
          && t.getStatus().getState() == TaskState.RUNNING)) {
        wrong.add("no running task of app on engine 2");
        return wrong;
      }
      var containers = e2.listContainersCmd().withLabelFilter(Map.of("com.docker.swarm.service.name", SERVICE))
          .exec();
      if (containers.isEmpty()) {
        wrong.add("no container of app on engine 2");
      }
      // Every running container of the service, not the first listed: an old task's may outlive an engine restart.
      for (var container : containers) {
        String read = ContainerExec.run(e2, container.getId(), "cat", "/run/secrets/" + SECRET_NAME);
        if (!secretText.equals(read)) {
          wrong.add("app's container " + container.getId().substring(0, 12) + " (task "
              + container.getLabels().get("com.docker.swarm.task.id") + ", one of " + containers.size()
              + " running) reads " + whatWasRead(read) + " at /run/secrets/" + SECRET_NAME + "; its task mounts "
              + secretRefs(e1, container.getLabels().get("com.docker.swarm.task.id")) + ", the manager holds "
              + secrets.stream().map(s -> s.getSpec().getName() + "=" + s.getId()).toList());
        }
      }
    } catch (java.io.IOException e) {
      wrong.add("cannot ask the engines: " + e.getMessage());
    } catch (RuntimeException e) {
      // An engine restarting or a manager re-electing refuses calls for a moment.
      wrong.add("an engine does not answer yet: " + e + " at " + (e.getStackTrace().length == 0 ? "?"
          : e.getStackTrace()[0]));
    }
    return wrong;
  }

  /** What a container read, told without the secret: the first version, or, when neither, the text itself. */
  private String whatWasRead(String read) {
    if (firstSecretText.equals(read)) {
      return "the first version's bytes";
    }
    if (read.contains(firstSecretText) || read.contains(secretText)) {
      return read.length() + " bytes holding a version among other text";
    }
    return read.length() + " other bytes: '" + read.strip() + "'";
  }

  /** The secrets a task's spec mounts (name and id), as the manager has them. */
  private static String secretRefs(DockerClient manager, String taskId) {
    try {
      List<Task> found = manager.listTasksCmd().withIdFilter(taskId).exec();
      if (found.isEmpty()) {
        return "? (the manager has no task " + taskId + ")";
      }
      Task task = found.get(0);
      var refs = task.getSpec().getContainerSpec().getSecrets();
      return refs == null ? "no secrets" : refs.stream()
          .map(r -> r.getSecretName() + "=" + r.getSecretId()).toList().toString();
    } catch (RuntimeException e) {
      return "? (" + e.getMessage() + ")";
    }
  }

  private static String describe(List<SwarmNode> nodes) {
    return nodes.stream().map(n -> n.getId() + "(" + n.getDescription().getHostname() + ","
        + (n.getStatus() == null ? "?" : n.getStatus().getState()) + ")").toList().toString();
  }

  private static String nodeId(DockerClient docker) {
    var swarm = docker.infoCmd().exec().getSwarm();
    return swarm == null ? "" : swarm.getNodeID();
  }


}
