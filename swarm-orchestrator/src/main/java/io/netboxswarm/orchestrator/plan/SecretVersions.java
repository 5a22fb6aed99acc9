package io.netboxswarm.orchestrator.plan;

import io.netboxswarm.orchestrator.rules.DockerLimits;
import io.netboxswarm.orchestrator.state.SecretSpec;

/**
 * Docker secrets are immutable: each version of a NetBox Secret's data is its own Docker secret. The first version
 * keeps the Secret's name; a later one adds "-v" and its version number (counted by the orchestrator when the
 * plaintext changes, so the name tells nothing of the data), cutting the name to fit Docker's 64 characters.
 */
public final class SecretVersions {

  private SecretVersions() {
  }

  public static String dockerName(SecretSpec secret) {
    if (secret.dataVersion() <= 1) {
      return secret.name();
    }
    String suffix = "-v" + secret.dataVersion();
    String base = secret.name();
    if (base.length() + suffix.length() > DockerLimits.MAX_SECRET_NAME) {
      base = base.substring(0, DockerLimits.MAX_SECRET_NAME - suffix.length());
    }
    return base + suffix; // "-v<digits>" ends with a digit, as Docker wants
  }
}
