package io.netboxswarm.orchestrator.audit;

import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.orchestrator.state.Fingerprint;
import java.time.Instant;
import java.util.Map;

/**
 * Audit events of the orchestrator's decisions. Ids are digests of what was decided, so a decision replayed gives
 * the same id and an auditor can de-duplicate. Messages name ids and rules, never a secret or a token.
 */
public final class Audits {

  private Audits() {
  }

  public static AuditEvent.Builder event(AuditKind kind, Severity severity, Long swarmId, String rule, String message,
      Cause cause, String identity, Instant at) {
    String id = "audit-" + Fingerprint.of(kind + "|" + rule + "|" + swarmId + "|" + identity + "|"
        + cause.id()).substring(0, 24);
    return AuditEvent.newBuilder().setAuditId(id).setAt(at).setKind(kind).setSeverity(severity).setSwarmId(swarmId)
        .setRule(rule).setMessage(message).setCausationId(cause.id()).setUser(cause.user())
        .setRequestId(cause.requestId()).setDetails(Map.of());
  }
}
