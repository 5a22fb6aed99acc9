package io.netboxswarm.contracts;

/**
 * The context each sealed value is bound to: a value sealed for one purpose cannot be replayed for another
 * (the sealing library binds it as HPKE context info). Sender and recipient derive it from the same fields.
 */
public final class SealingContext {

  /** The recipient name of the orchestrator's keyset. */
  public static final String ORCHESTRATOR = "orchestrator";

  private SealingContext() {
  }

  /** The recipient name of a host agent's keyset. */
  public static String hostRecipient(long hostId) {
    return "host-" + hostId;
  }

  /** A NetBox Secret's data, sealed by the ingest for the orchestrator. */
  public static String netboxSecret(long netboxSecretId) {
    return "netbox-secret:" + netboxSecretId;
  }

  /** A Docker secret's data in a CreateSecret command, sealed by the orchestrator for the manager's agent. */
  public static String dockerSecret(long hostId, String secretName) {
    return "docker-secret:" + hostId + ":" + secretName;
  }

  /**
   * A join token sealed for the orchestrator: by an agent in its results, or by the ingest from the JoinTokens
   * NetBox echoes back. {@code role} is "worker" or "manager".
   */
  public static String joinToken(String clusterId, String role) {
    return "join-token:" + clusterId + ":" + role;
  }

  /** A join token in a JoinSwarm command, sealed by the orchestrator for the joining host's agent. */
  public static String joinTokenForHost(long hostId, String clusterId, String role) {
    return "join-token:" + clusterId + ":" + role + ":host-" + hostId;
  }
}
