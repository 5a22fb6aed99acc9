package io.netboxswarm.netbox.mapping;

import io.netboxswarm.contracts.netbox.Host;
import io.netboxswarm.contracts.netbox.ObjectType;

/** {@code netbox_docker_plugin.host}. The API token ({@code token}) is never read; credentials leave the endpoint. */
final class HostMapper implements ModelMapper<Host> {

  @Override
  public String model() {
    return "host";
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.HOST;
  }

  @Override
  public Host map(long id, JsonObject host, OrchestratorSealer sealer) {
    JsonObject customFields = host.optObject("custom_fields");
    return Host.newBuilder()
        .setId(id)
        .setName(host.optString("name"))
        .setEndpoint(EndpointCredentials.strip(host.optString("endpoint")))
        .setState(host.optString("state"))
        .setOperation(host.optString("operation"))
        .setAgentVersion(host.optString("agent_version"))
        .setDockerApiVersion(host.optString("docker_api_version"))
        .setSwarmNodeId(customFields == null ? null : customFields.optString("swarm_node_id"))
        .setSwarmRole(customFields == null ? null : customFields.optString("swarm_role"))
        .setTags(host.tags())
        .build();
  }
}
