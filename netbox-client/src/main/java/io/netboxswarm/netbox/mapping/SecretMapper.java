package io.netboxswarm.netbox.mapping;

import java.util.Base64;

import io.netboxswarm.contracts.Label;
import io.netboxswarm.contracts.SealedValue;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Secret;

/**
 * {@code netbox_docker_plugin.secret}. Its base64 {@code data}, when NetBox sends it, is decoded and sealed for the
 * orchestrator here, in the request thread; only the sealed value goes on.
 */
final class SecretMapper implements ModelMapper<Secret> {

  @Override
  public String model() {
    return "secret";
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.SECRET;
  }

  @Override
  public Secret map(long id, JsonObject secret, OrchestratorSealer sealer) {
    return Secret.newBuilder()
        .setId(id)
        .setSwarm(secret.optReference("swarm"))
        .setName(secret.optString("name"))
        .setData(sealedData(id, secret, sealer))
        .setSecretId(secret.optString("SecretID"))
        .setLabels(secret.objects("labels", SecretMapper::label))
        .setTags(secret.tags())
        .build();
  }

  static Label label(JsonObject label) {
    return new Label(label.requireString("key"), label.requireString("value"));
  }

  private static SealedValue sealedData(long id, JsonObject secret, OrchestratorSealer sealer) {
    String base64 = secret.optString("data");
    if (base64 == null) {
      return null;
    }
    byte[] plaintext;
    try {
      plaintext = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes the offending character: not repeated here.
      throw new UnmappableWebhookException(UnmappableWebhookException.Reason.WRONG_TYPE,
          "field '" + secret.path() + ".data' must be base64");
    }
    return sealer.sealSecretData(id, plaintext);
  }
}
