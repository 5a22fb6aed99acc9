package io.netboxswarm.netbox.mapping;

import io.netboxswarm.contracts.netbox.Image;
import io.netboxswarm.contracts.netbox.ObjectType;

/** {@code netbox_docker_plugin.image}. */
final class ImageMapper implements ModelMapper<Image> {

  @Override
  public String model() {
    return "image";
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.IMAGE;
  }

  @Override
  public Image map(long id, JsonObject image, OrchestratorSealer sealer) {
    return Image.newBuilder()
        .setId(id)
        .setHost(image.optReference("host"))
        .setName(image.optString("name"))
        .setVersion(image.optString("version"))
        .setSize(image.optLong("size"))
        .setImageId(image.optString("ImageID"))
        .setDigest(image.optString("Digest"))
        .build();
  }
}
