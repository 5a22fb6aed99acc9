package io.netboxswarm.orchestrator.plan;

import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;

/**
 * Something the plan reports without a command: a wait, a warning, a violation. Reported once while it lasts.
 *
 * @param journal whether NetBox also gets a journal entry on the object
 */
public record Notice(String key, AuditKind kind, Severity severity, String rule, String message, String objectType,
    Long objectId, Long hostId, boolean journal) {

  public static Notice waiting(String key, String rule, String message, String objectType, Long objectId) {
    return new Notice(key, AuditKind.DECISION, Severity.INFO, rule, message, objectType, objectId, null, false);
  }
}
