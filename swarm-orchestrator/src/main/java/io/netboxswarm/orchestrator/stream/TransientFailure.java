package io.netboxswarm.orchestrator.stream;

/**
 * A record met a failure that may pass (the registry or the broker away) and the back-off was waited out: the
 * stream thread ends with it and Kafka Streams replaces it ({@code REPLACE_THREAD}), which aborts the open
 * transaction and resumes every task from its last commit, so the record is read again, never skipped.
 */
final class TransientFailure extends RuntimeException {

  TransientFailure(String what, Throwable cause) {
    super(what + " failed for now; the stream thread is replaced and resumes from the last commit", cause);
  }

  /** Whether {@code failure}, or one of its causes, is one. */
  static boolean in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TransientFailure) {
        return true;
      }
    }
    return false;
  }
}
