package io.netboxswarm.netbox.mapping;

import io.netboxswarm.contracts.netbox.Bind;
import io.netboxswarm.contracts.netbox.Container;
import io.netboxswarm.contracts.netbox.ContainerSecretMount;
import io.netboxswarm.contracts.netbox.EnvVar;
import io.netboxswarm.contracts.netbox.ImageRef;
import io.netboxswarm.contracts.netbox.NetworkAttachment;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.PortBinding;
import io.netboxswarm.contracts.netbox.VolumeMount;

/**
 * {@code netbox_docker_plugin.container}. Its nested lists (ports, env, mounts, networks, secret mounts) exist only
 * in the REST serialization; a snapshot holds the row alone, so they come out empty there.
 */
final class ContainerMapper implements ModelMapper<Container> {

  @Override
  public String model() {
    return "container";
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.CONTAINER;
  }

  @Override
  public Container map(long id, JsonObject container, OrchestratorSealer sealer) {
    JsonObject customFields = container.optObject("custom_fields");
    return Container.newBuilder()
        .setId(id)
        .setHost(container.optReference("host"))
        .setImage(image(container))
        .setName(container.optString("name"))
        .setState(container.optString("state"))
        .setOperation(container.optString("operation"))
        .setStatus(container.optString("status"))
        .setContainerId(container.optString("ContainerID"))
        .setHostname(container.optString("hostname"))
        .setRestartPolicy(container.optString("restart_policy"))
        .setCapAdd(container.optStrings("cap_add"))
        .setCmd(container.optStrings("cmd"))
        .setLogDriver(container.optString("log_driver"))
        .setPorts(container.objects("ports", port -> new PortBinding(
            port.optInt("public_port"), port.optInt("private_port"), port.optString("type"))))
        .setEnv(container.objects("env", env -> new EnvVar(env.requireString("var_name"), env.optString("value"))))
        .setLabels(container.objects("labels", SecretMapper::label))
        .setMounts(container.objects("mounts", ContainerMapper::volumeMount))
        .setBinds(container.objects("binds", bind -> new Bind(
            bind.optString("host_path"), bind.optString("container_path"), bind.optBoolean("read_only", false))))
        .setNetworkSettings(container.objects("network_settings", ContainerMapper::networkAttachment))
        .setSecretMounts(container.objects("secret_mounts", ContainerMapper::secretMount))
        .setServiceId(customFields == null ? null : customFields.optString("swarm_service_id"))
        .setTags(container.tags())
        .build();
  }

  private static ImageRef image(JsonObject container) {
    if (!container.isPresent("image")) {
      return null;
    }
    if (!container.raw("image").isObject()) {
      return ImageRef.newBuilder().setId(container.optReference("image")).build();
    }
    JsonObject image = container.optObject("image");
    return ImageRef.newBuilder()
        .setId(image.requireLong("id"))
        .setName(image.optString("name"))
        .setVersion(image.optString("version"))
        .setImageId(image.optString("ImageID"))
        .setDigest(image.optString("Digest"))
        .build();
  }

  private static VolumeMount volumeMount(JsonObject mount) {
    JsonObject volume = mount.raw("volume").isObject() ? mount.optObject("volume") : null;
    return VolumeMount.newBuilder()
        .setSource(mount.optString("source"))
        .setVolume(mount.optReference("volume"))
        .setVolumeName(volume == null ? null : volume.optString("name"))
        .setVolumeDriver(volume == null ? null : volume.optString("driver"))
        .setReadOnly(mount.optBoolean("read_only", false))
        .build();
  }

  private static NetworkAttachment networkAttachment(JsonObject setting) {
    JsonObject network = setting.raw("network").isObject() ? setting.optObject("network") : null;
    Long networkId = setting.optReference("network");
    if (networkId == null) {
      throw UnmappableWebhookException.missing(setting.path() + ".network");
    }
    return NetworkAttachment.newBuilder()
        .setNetwork(networkId)
        .setName(network == null ? null : network.optString("name"))
        .setDriver(network == null ? null : network.optString("driver"))
        .setNetworkId(network == null ? null : network.optString("NetworkID"))
        .build();
  }

  private static ContainerSecretMount secretMount(JsonObject mount) {
    JsonObject secret = mount.raw("secret").isObject() ? mount.optObject("secret") : null;
    Long secretId = mount.optReference("secret");
    if (secretId == null) {
      throw UnmappableWebhookException.missing(mount.path() + ".secret");
    }
    return ContainerSecretMount.newBuilder()
        .setSecret(secretId)
        .setSecretName(secret == null ? null : secret.optString("name"))
        .setSecretId(secret == null ? null : secret.optString("SecretID"))
        .setTarget(mount.optString("target"))
        .setUid(mount.optStringOrNumber("uid"))
        .setGid(mount.optStringOrNumber("gid"))
        .setMode(mount.optInt("mode"))
        .build();
  }
}
