package io.netboxswarm.orchestrator.plan;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealedValue;
import io.netboxswarm.orchestrator.state.Sealed;

/**
 * What the edge seals for one agent, when a command is actually sent: a decision names the value, never opens it.
 * Each call fails when the host has no public keyset.
 */
public interface Sealing {

  /** The join token of the cluster for the role, sealed for the joining host's agent. */
  SealedValue joinToken(long hostId, String clusterId, NodeRole role, Sealed token);

  /** A NetBox Secret's data, sealed for the agent of the manager that creates the Docker secret. */
  SealedValue secret(long hostId, long netboxSecretId, String dockerName, Sealed data);
}
