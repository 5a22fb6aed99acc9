package io.netboxswarm.orchestrator.state;

/**
 * A command the orchestrator sent and what became of it. Commands are never re-sent while pending, and a
 * succeeded one is never sent again: that is what makes a restart in the middle of a plan safe.
 */
public final class TrackedCommand {

  public enum Status { PENDING, RETRY_WAIT, RETRY_DUE, SUCCEEDED, FAILED }

  public String commandId;
  /** The intent this command carries out, without the reset counter (see {@link SwarmProgress#resets}). */
  public IntentKey intentKey;
  public Step step;
  public long hostId;
  public long swarmId;
  public Long subjectHost;
  public Long objectId;
  /** What a newer command supersedes this one on, e.g. "service:7" ({@link SwarmProgress#latest}); may be null. */
  public String subject;
  public Status status;
  public int attempts;
  public long issuedAt;
  public long deadline;
  public long retryAt;
  public String errorCode;
  public String errorMessage;
  public String causationId;
  /** The NetBox user and request id of the change that caused it, for the audits of its outcome; null if none. */
  public String user;
  public String requestId;

  public boolean open() {
    return status == Status.PENDING || status == Status.RETRY_WAIT || status == Status.RETRY_DUE;
  }
}
