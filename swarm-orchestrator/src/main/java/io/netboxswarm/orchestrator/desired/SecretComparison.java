package io.netboxswarm.orchestrator.desired;

import io.netboxswarm.orchestrator.state.Sealed;

/** Whether two sealed copies of a NetBox Secret's data hold the same bytes (each webhook seals afresh). */
@FunctionalInterface
public interface SecretComparison {

  boolean samePlaintext(long secretId, Sealed a, Sealed b);
}
