package io.netboxswarm.orchestrator.dryrun;

/** A posted change that is not a NetBox object of the plugin; its message says what is wrong, never a value. */
public final class BadChange extends RuntimeException {

  BadChange(String message) {
    super(message, null, false, false);
  }
}
