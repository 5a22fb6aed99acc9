package io.netboxswarm.netbox.mapping;

import io.netboxswarm.contracts.netbox.Network;
import io.netboxswarm.contracts.netbox.ObjectType;

/** {@code netbox_docker_plugin.network}. */
final class NetworkMapper implements ModelMapper<Network> {

  @Override
  public String model() {
    return "network";
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.NETWORK;
  }

  @Override
  public Network map(long id, JsonObject network, OrchestratorSealer sealer) {
    return Network.newBuilder()
        .setId(id)
        .setHost(network.optReference("host"))
        .setName(network.optString("name"))
        .setDriver(network.optString("driver"))
        .setNetworkId(network.optString("NetworkID"))
        .setState(network.optString("state"))
        .setTags(network.tags())
        .build();
  }
}
