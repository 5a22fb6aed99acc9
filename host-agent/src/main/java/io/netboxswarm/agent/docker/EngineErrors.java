package io.netboxswarm.agent.docker;

import com.github.dockerjava.api.exception.DockerException;
import io.netboxswarm.sealing.SealingException;
import java.util.Locale;

/**
 * Turns what the engine answered into a stable error code. Swarm refusals all come back from docker-java as a
 * generic DockerException with status 503: only the message tells them apart.
 */
public final class EngineErrors {

  private EngineErrors() {
  }

  public static CommandFailure classify(RuntimeException e) {
    if (e instanceof CommandFailure failure) {
      return failure;
    }
    if (e instanceof SealingException unsealable) {
      // Sealed for another keyset or tampered with: sending it again will not open it.
      return new CommandFailure("UNSEALABLE", unsealable.getMessage(), false);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    String lower = message.toLowerCase(Locale.ROOT);
    if (!(e instanceof DockerException docker)) {
      // Connection refused, socket gone, timeouts: the engine itself is unavailable for now.
      return new CommandFailure("ENGINE_UNAVAILABLE", message, true);
    }
    int status = docker.getHttpStatus();
    if (lower.contains("already part of a swarm")) {
      return new CommandFailure("ALREADY_IN_SWARM", message, false);
    }
    if (lower.contains("not a swarm manager") || lower.contains("not a manager")) {
      return new CommandFailure("NOT_A_MANAGER", message, false);
    }
    if (lower.contains("not part of a swarm")) {
      return new CommandFailure("NOT_IN_SWARM", message, false);
    }
    if (lower.contains("participating as a manager") || lower.contains("last manager")
        || lower.contains("quorum")) {
      return new CommandFailure("LAST_MANAGER", message, false);
    }
    if (status == 404 && lower.contains("node")) {
      return new CommandFailure("NODE_NOT_FOUND", message, false);
    }
    if (status == 409) {
      return new CommandFailure("SPEC_CONFLICT", message, false);
    }
    if (lower.contains("timeout") || lower.contains("deadline exceeded") || lower.contains("context deadline")) {
      return new CommandFailure("TIMEOUT", message, true);
    }
    if (status == 503 || status >= 500) {
      return new CommandFailure("ENGINE_ERROR", message, status == 503 || status == 500);
    }
    return new CommandFailure("ENGINE_ERROR", message, false);
  }
}
