package io.netboxswarm.agent.docker;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.SecretSpec;

import io.netboxswarm.agent.sealing.AgentKeys;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.command.CreateSecret;
import io.netboxswarm.contracts.command.RemoveSecret;
import io.netboxswarm.contracts.result.SecretOutcome;

/**
 * Docker secrets on a manager. The data is opened only here, just before the engine call, and wiped after. The
 * engine never returns a secret's data, so an existing secret of the same name counts as done: a new version of a
 * secret's data comes under a new name (the orchestrator's versioned names), since a Docker secret cannot change.
 */
public final class Secrets {

  private final DockerClient docker;
  private final AgentKeys keys;
  private final long hostId;

  public Secrets(DockerClient docker, AgentKeys keys, long hostId) {
    this.docker = docker;
    this.keys = keys;
    this.hostId = hostId;
  }

  public Execution create(CreateSecret create) {
    Optional<String> existing = idOf(create.getName());
    if (existing.isPresent()) {
      return Execution.alreadyDone(new SecretOutcome(existing.get()));
    }
    byte[] data = keys.open(create.getData(), SealingContext.dockerSecret(hostId, create.getName()));
    try {
      SecretSpec spec = new SecretSpec().withName(create.getName()).withLabels(create.getLabels());
      setBase64Data(spec, Base64.getEncoder().encodeToString(data));
      String id = docker.createSecretCmd(spec).exec().getId();
      return Execution.succeeded(new SecretOutcome(id));
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  public Execution remove(RemoveSecret remove) {
    Optional<String> existing = idOf(remove.getName());
    if (existing.isEmpty()) {
      return Execution.alreadyDone(null);
    }
    try {
      docker.removeSecretCmd(existing.get()).exec();
    } catch (DockerException e) {
      if (e.getMessage() != null && e.getMessage().contains("in use")) {
        // A service still mounts it (its update to a newer version is under way): later it will not.
        throw new CommandFailure("SECRET_IN_USE", "secret " + remove.getName() + " is still mounted by a service",
            true);
      }
      throw e;
    }
    return Execution.succeeded(new SecretOutcome(existing.get()));
  }

  /**
   * docker-java's {@code SecretSpec.withData(String)} base64-encodes {@code String.getBytes()} in the platform
   * charset, which cannot carry arbitrary bytes; the Engine API field is plain base64, so it is set directly.
   */
  private static void setBase64Data(SecretSpec spec, String base64) {
    try {
      Field field = SecretSpec.class.getDeclaredField("data");
      field.setAccessible(true);
      field.set(spec, base64);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this docker-java has no SecretSpec.data field to set", e);
    }
  }

  /** The id of the secret named exactly {@code name} (the name filter also matches prefixes). */
  public Optional<String> idOf(String name) {
    return docker.listSecretsCmd().withNameFilter(List.of(name)).exec().stream()
        .filter(s -> s.getSpec() != null && name.equals(s.getSpec().getName())).map(s -> s.getId()).findFirst();
  }
}
