package io.netboxswarm.orchestrator.rules;

import io.netboxswarm.orchestrator.state.Sealed;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What Docker's swarm manager refuses (SwarmKit's controlapi validation), checked before a command is sent, so that
 * a value that can never be created is a violation on its NetBox object rather than a failure on the engine.
 */
public final class DockerLimits {

  /** SwarmKit's MaxSecretSize: a secret's data must be at least 1 byte and less than 500 KiB. */
  public static final int MAX_SECRET_BYTES = 500 * 1024;
  public static final int MAX_SECRET_NAME = 64;
  public static final int MAX_SERVICE_NAME = 63;
  private static final Pattern SECRET_NAME = Pattern.compile("[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?");
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*");
  /**
   * What sealing adds to the plaintext (sealing's Envelope: a 9-byte header, Tink's 5-byte key prefix, the 32-byte
   * encapsulated key and the 16-byte GCM tag): the data's size is known without opening it.
   */
  static final int SEALING_OVERHEAD = 9 + 5 + 32 + 16;

  private DockerLimits() {
  }

  /** Why Docker would refuse this secret name, if it would. */
  public static Optional<String> secretNameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("it has no name");
    }
    if (name.length() > MAX_SECRET_NAME || !SECRET_NAME.matcher(name).matches()) {
      return Optional.of("Docker accepts a secret name of at most " + MAX_SECRET_NAME + " characters among"
          + " [a-zA-Z0-9-_.], starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  /** Why Docker would refuse this service name, if it would. */
  public static Optional<String> serviceNameProblem(String name) {
    if (name.length() > MAX_SERVICE_NAME || !SERVICE_NAME.matcher(name).matches()) {
      return Optional.of("Docker accepts a service name of at most " + MAX_SERVICE_NAME + " characters, letters,"
          + " digits, '-' and '_', starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  /** Why Docker would refuse data of this size, if it would; the size is read from the sealed form. */
  public static Optional<String> secretDataProblem(Sealed data) {
    if (data == null) {
      return Optional.empty();
    }
    long size = Base64.getDecoder().decode(data.ciphertext()).length - (long) SEALING_OVERHEAD;
    if (size < 1) {
      return Optional.of("its data is empty; Docker needs at least 1 byte");
    }
    if (size >= MAX_SECRET_BYTES) {
      return Optional.of("its data is " + size + " bytes; Docker accepts less than " + MAX_SECRET_BYTES
          + " bytes (500 KiB)");
    }
    return Optional.empty();
  }
}
