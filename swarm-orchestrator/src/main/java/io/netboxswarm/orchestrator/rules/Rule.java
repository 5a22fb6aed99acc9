package io.netboxswarm.orchestrator.rules;

import java.util.Locale;

/**
 * Every rule the orchestrator enforces, each with the text to check it against: the proposal's (netbox-docker-plugin
 * issue #180, numbered as there) and what an operator expects beyond it (the project's design). NetBox has already
 * saved a change, so a broken rule is not refused: it gets no Docker action, an audit event and, on the offending
 * object, a danger journal entry.
 */
public enum Rule {
  WORKER_NEEDS_MANAGER("#180 rule 2", "a worker cannot be added to a Swarm that has no manager; it joins once one"
      + " exists"),
  HOST_IN_TWO_SWARMS("#180 rule 3", "a host is in at most one Swarm: the first to list it keeps it, and it is never"
      + " forced out; a host its swarm no longer lists joins the next one once it has left (not a violation)"),
  HOST_TWICE_IN_SWARM("#180 rule 3", "a host is in a Swarm with one role: one listed twice is left as it is"),
  SECRET_OF_OTHER_SWARM("#180 rule 7", "a Secret belongs to one Swarm: a container mounts only its swarm's secrets"),
  OVERLAY_ONLY("#180 rule 10", "on a host that is in a Swarm only overlay networks are accepted"),
  LAST_MANAGER("quorum", "never remove or demote the last manager while workers remain"),
  MANAGERS_ONE_AT_A_TIME("quorum", "quorum", "managers join and leave one at a time (each is a Raft membership"
      + " change): a manager is demoted before it leaves, the lowest host id first; workers go in parallel"),
  LAST_MANAGER_LEAVES_LAST("quorum", "quorum", "the last manager leaves after the other members; alone, it"
      + " dissolves the swarm"),
  EVEN_MANAGERS("quorum", "quorum", "an even number of managers tolerates no more failures than one fewer: a warning"),
  MEMBER_LEFT("drift", "a member whose engine left the swarm by hand joins again; its old node id is removed"),
  CLUSTER_REPLACED("drift", "a manager in another cluster than the swarm's means it was re-initialized by hand:"
      + " nothing is changed until NetBox changes the swarm"),
  FOREIGN_CLUSTER("drift", "a host already in a different swarm is never forced out of it: its agent refuses"),
  ADMISSION_POLICY("operator", "a container runs only what the admission policy admits (image, mounts, privileges)"),
  DOCKER_SECRET_LIMITS("docker", "a secret's name and size fit SwarmKit's limits (64 characters, under 500 KiB)"),
  DOCKER_SERVICE_NAME("docker", "a container's service name fits Docker's (63 characters, letters, digits, - and _)");

  private final String id;
  private final String source;
  private final String text;

  Rule(String source, String text) {
    this(null, source, text);
  }

  /** @param id the name audits give the rule ("quorum" for the quorum warnings); null for its own name */
  Rule(String id, String source, String text) {
    this.id = id == null ? name().toLowerCase(Locale.ROOT).replace('_', '-') : id;
    this.source = source;
    this.text = text;
  }

  /** The rule's name in audit events and journal entries, e.g. "host-in-two-swarms", or "quorum" for a warning. */
  public String id() {
    return id;
  }

  /** Where the rule comes from: "#180 rule 3", "quorum", "drift", "operator" or "docker". */
  public String source() {
    return source;
  }

  public String text() {
    return text;
  }
}
