package io.netboxswarm.agent.docker;

import io.netboxswarm.contracts.result.CommandStatus;

/** What an action did on the engine: succeeded or already done, with its typed outcome (or null). */
public record Execution(CommandStatus status, Object outcome) {

  public static Execution succeeded(Object outcome) {
    return new Execution(CommandStatus.SUCCEEDED, outcome);
  }

  public static Execution alreadyDone(Object outcome) {
    return new Execution(CommandStatus.ALREADY_DONE, outcome);
  }
}
