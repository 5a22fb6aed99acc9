package io.netboxswarm.agent.docker;

/**
 * A command the engine did not carry out, with a stable code, the engine's own message, and whether sending
 * the same command again later may succeed.
 */
public final class CommandFailure extends RuntimeException {

  private final String code;
  private final boolean retryable;

  public CommandFailure(String code, String message, boolean retryable) {
    super(message);
    this.code = code;
    this.retryable = retryable;
  }

  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }
}
