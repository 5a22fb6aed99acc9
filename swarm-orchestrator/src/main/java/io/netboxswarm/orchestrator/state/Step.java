package io.netboxswarm.orchestrator.state;

/** The steps of a plan; each becomes one command to one host's agent. */
public enum Step {
  INIT, JOIN, PROMOTE, DEMOTE_ROLE,
  /** Removal of a member: a manager is demoted, then drained, leaves, and is removed from the node list. */
  DEMOTE, DRAIN, LEAVE, REMOVE_NODE,
  /** The last member leaves with force: the cluster is gone. */
  DISSOLVE,
  /** A node id a member left behind when it left by hand and joined again: removed from the node list. */
  FORGET_NODE,
  ROTATE, CREATE_SECRET, REMOVE_SECRET,
  /** A replaced version of a secret, removed once no service mounts it. */
  REMOVE_SECRET_VERSION,
  CREATE_NETWORK, REMOVE_NETWORK, CREATE_SERVICE, UPDATE_SERVICE, REMOVE_SERVICE;

  /** The audit's rule name, e.g. "remove-node". */
  public String rule() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
