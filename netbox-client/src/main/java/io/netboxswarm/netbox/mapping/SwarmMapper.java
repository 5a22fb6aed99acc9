package io.netboxswarm.netbox.mapping;

import io.netboxswarm.contracts.SealedJoinTokens;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Swarm;

/**
 * {@code netbox_docker_plugin.swarm}. Manager and worker lists become host ids (nested hosts in {@code data}, ids in
 * snapshots), so a host removed from a swarm still shows in the prechange snapshot. JoinTokens are sealed at once
 * for the orchestrator, bound to the swarm's Docker cluster id; JoinTokens with one token only (NetBox holds the
 * worker token alone unless the orchestrator writes the manager token too) are not carried: the contract pairs them,
 * and the orchestrator takes the tokens from the engines, not from NetBox.
 */
final class SwarmMapper implements ModelMapper<Swarm> {

  @Override
  public String model() {
    return "swarm";
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.SWARM;
  }

  @Override
  public Swarm map(long id, JsonObject swarm, OrchestratorSealer sealer) {
    String clusterId = swarm.optString("SwarmID");
    return Swarm.newBuilder()
        .setId(id)
        .setName(swarm.optString("name"))
        .setListenAddr(swarm.optString("listen_addr"))
        .setAdvertiseAddr(swarm.optString("advertise_addr"))
        .setState(swarm.optString("state"))
        .setSwarmId(clusterId)
        .setJoinTokens(joinTokens(swarm, clusterId, sealer))
        .setManagerNodes(swarm.references("manager_nodes"))
        .setWorkerNodes(swarm.references("worker_nodes"))
        .setOperation(swarm.optString("operation"))
        .setTags(swarm.tags())
        .build();
  }

  private static SealedJoinTokens joinTokens(JsonObject swarm, String clusterId, OrchestratorSealer sealer) {
    JsonObject tokens = swarm.optObject("JoinTokens");
    if (tokens == null) {
      return null;
    }
    String worker = tokens.optString("Worker");
    String manager = tokens.optString("Manager");
    if (worker == null || manager == null) {
      return null;
    }
    if (clusterId == null) {
      // A join token is sealed bound to its cluster: without the cluster id it cannot be sealed, and is not carried.
      throw new UnmappableWebhookException(UnmappableWebhookException.Reason.MISSING_FIELD,
          "missing field '" + swarm.path() + ".SwarmID', needed to seal the JoinTokens");
    }
    try {
      return sealer.sealJoinTokens(clusterId, worker, manager);
    } catch (IllegalArgumentException e) {
      // The cluster id names the sealing context: one a context cannot hold (control characters, too long) is
      // bad input, not a server error. The message names the field, never its value.
      throw new UnmappableWebhookException(UnmappableWebhookException.Reason.UNSEALABLE,
          "field '" + swarm.path() + ".SwarmID' cannot bind the JoinTokens: " + e.getMessage());
    }
  }
}
