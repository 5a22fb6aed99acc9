package io.netboxswarm.netbox.mapping;

import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Volume;

/** {@code netbox_docker_plugin.volume}. */
final class VolumeMapper implements ModelMapper<Volume> {

  @Override
  public String model() {
    return "volume";
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.VOLUME;
  }

  @Override
  public Volume map(long id, JsonObject volume, OrchestratorSealer sealer) {
    return Volume.newBuilder()
        .setId(id)
        .setHost(volume.optReference("host"))
        .setName(volume.optString("name"))
        .setDriver(volume.optString("driver"))
        .setMaxSize(volume.optStringOrNumber("max_size"))
        .build();
  }
}
