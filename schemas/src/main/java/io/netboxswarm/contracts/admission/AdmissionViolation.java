package io.netboxswarm.contracts.admission;

/**
 * One thing the admission policy refused.
 *
 * @param code a stable name, e.g. {@code BIND_NOT_ALLOWED}
 * @param field where in the command, e.g. {@code mounts[0].source}, {@code image}, {@code placementConstraints}
 * @param reason what was refused, why, and which setting would allow it (if any may)
 */
public record AdmissionViolation(String code, String field, String reason) {

  @Override
  public String toString() {
    return code + " at " + field + ": " + reason;
  }
}
