package io.netboxswarm.orchestrator.rules;

/**
 * A broken rule: no Docker action is taken for it; it is audited and journaled on the offending object.
 *
 * @param objectType the NetBox model of the offending object, e.g. "swarm", "network", "secretmount"
 */
public record Violation(Rule rule, String objectType, long objectId, Long hostId, String message) {

  /** Identifies the violation while it lasts, so that it is reported once. */
  public String key() {
    return "violation:" + rule.id() + ":" + objectType + ":" + objectId + ":" + hostId;
  }
}
