package io.netboxswarm.orchestrator.netbox;

/**
 * A write-back the writer can never send, whatever it tries: its bytes do not decode, its body is not JSON, its join
 * tokens do not open. It goes to the dead-letter topic with this message as the reason, which never quotes the
 * record's content.
 */
final class UnreadableWrite extends RuntimeException {

  UnreadableWrite(String reason) {
    super(reason, null, false, false);
  }
}
