package io.netboxswarm.orchestrator.netbox;

import io.netboxswarm.contracts.SealedJoinTokens;
import io.netboxswarm.contracts.writeback.NetboxWrite;
import io.netboxswarm.orchestrator.state.Fingerprint;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The NetBox REST requests the orchestrator's decisions call for: the IDs and states it learnt, and journal entries
 * for violations and failures. Paths are the plugin's (/api/plugins/docker/...); field names are the proposal's
 * (SwarmID, JoinTokens, SecretID) and the plugin's (NetworkID, state); host and container fields are the custom
 * fields that the ingest's NetBox wiring command creates.
 */
public final class WriteBacks {

  public static final String PLUGIN = "/api/plugins/docker/";
  public static final String JOURNAL = "/api/extras/journal-entries/";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private WriteBacks() {
  }

  public static NetboxWrite swarmFormed(long swarmId, String clusterId, SealedJoinTokens tokens, String cause,
      Instant at) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("SwarmID", clusterId);
    body.put("state", "created");
    return write("swarm", swarmId, "PATCH", PLUGIN + "swarms/" + swarmId + "/", body, tokens, clusterId, swarmId, cause, at);
  }

  public static NetboxWrite swarmDissolved(long swarmId, String cause, Instant at) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("SwarmID", null);
    body.put("JoinTokens", null);
    body.put("state", "deleted");
    return write("swarm", swarmId, "PATCH", PLUGIN + "swarms/" + swarmId + "/", body, null, null, swarmId, cause, at);
  }

  public static NetboxWrite tokensRotated(long swarmId, String clusterId, SealedJoinTokens tokens, String cause,
      Instant at) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("operation", "none");
    return write("swarm", swarmId, "PATCH", PLUGIN + "swarms/" + swarmId + "/", body, tokens, clusterId, swarmId, cause, at);
  }

  /** A host's node id and role (custom fields), or null for both once it left. */
  public static NetboxWrite hostMembership(long hostId, Long swarmId, String nodeId, String role, String cause,
      Instant at) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("swarm_node_id", nodeId);
    fields.put("swarm_role", role == null ? null : role.toLowerCase(java.util.Locale.ROOT));
    return write("host", hostId, "PATCH", PLUGIN + "hosts/" + hostId + "/", Map.of("custom_fields", fields), null, null, swarmId,
        cause, at);
  }

  public static NetboxWrite secretCreated(long secretId, long swarmId, String dockerId, String cause, Instant at) {
    return write("secret", secretId, "PATCH", PLUGIN + "secrets/" + secretId + "/", Map.of("SecretID", dockerId), null, null, swarmId,
        cause, at);
  }

  public static NetboxWrite networkCreated(long networkId, long swarmId, String dockerId, String cause, Instant at) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("NetworkID", dockerId);
    body.put("state", "created");
    return write("network", networkId, "PATCH", PLUGIN + "networks/" + networkId + "/", body, null, null, swarmId, cause, at);
  }

  public static NetboxWrite serviceCreated(long containerId, long swarmId, String serviceId, String cause,
      Instant at) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("swarm_service_id", serviceId);
    return write("container", containerId, "PATCH", PLUGIN + "containers/" + containerId + "/", Map.of("custom_fields", fields), null, null,
        swarmId, cause, at);
  }

  /** A journal entry on a plugin object, e.g. objectType "swarm" for netbox_docker_plugin.swarm. */
  public static NetboxWrite journal(String objectType, long objectId, String kind, String comments, Long swarmId,
      String cause, Instant at) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("assigned_object_type", "netbox_docker_plugin." + objectType);
    body.put("assigned_object_id", objectId);
    body.put("kind", kind);
    body.put("comments", comments);
    return write(objectType, objectId, "POST", JOURNAL, body, null, null, swarmId, cause, at);
  }

  private static NetboxWrite write(String objectType, long objectId, String method, String path,
      Map<String, Object> body, SealedJoinTokens tokens, String clusterId, Long swarmId, String cause, Instant at) {
    String json = JSON.writeValueAsString(body);
    String id = "write-" + Fingerprint.of(method + " " + path + " " + json + " " + cause).substring(0, 24);
    return NetboxWrite.newBuilder().setWriteId(id).setAt(at).setMethod(method).setPath(path).setBody(json)
        .setJoinTokens(tokens).setClusterId(clusterId).setSwarmId(swarmId).setCausationId(cause)
        .setObjectType(objectType).setObjectId(objectId).build();
  }
}
