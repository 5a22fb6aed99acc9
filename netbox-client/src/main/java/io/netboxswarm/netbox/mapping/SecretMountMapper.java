package io.netboxswarm.netbox.mapping;

import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.SecretMount;

/** {@code netbox_docker_plugin.secretmount}: binds a Secret to a Container. */
final class SecretMountMapper implements ModelMapper<SecretMount> {

  @Override
  public String model() {
    return "secretmount";
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.SECRET_MOUNT;
  }

  @Override
  public SecretMount map(long id, JsonObject mount, OrchestratorSealer sealer) {
    JsonObject nestedSecret = mount.raw("secret").isObject() ? mount.optObject("secret") : null;
    return SecretMount.newBuilder()
        .setId(id)
        .setContainer(mount.optReference("container"))
        .setSecret(mount.optReference("secret"))
        .setSecretName(nestedSecret == null ? null : nestedSecret.optString("name"))
        .setTarget(mount.optString("target"))
        .setUid(mount.optStringOrNumber("uid"))
        .setGid(mount.optStringOrNumber("gid"))
        .setMode(mount.optInt("mode"))
        .build();
  }
}
