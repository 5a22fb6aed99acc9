package io.netboxswarm.agent.commands;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netboxswarm.agent.docker.ActionExecutor;
import io.netboxswarm.agent.docker.CommandFailure;
import io.netboxswarm.agent.docker.Execution;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;

/**
 * One command in, one result out: refuses what is not for this host or is past its deadline without touching the
 * engine, answers a redelivered command with its stored result, and otherwise executes it.
 */
public final class CommandHandler {

  private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);

  private final long hostId;
  private final ActionExecutor executor;
  private final CompletedCommands completed;
  private final Clock clock;

  public CommandHandler(long hostId, ActionExecutor executor, CompletedCommands completed, Clock clock) {
    this.hostId = hostId;
    this.executor = executor;
    this.completed = completed;
    this.clock = clock;
  }

  public CommandResult handle(HostCommand command) {
    var stored = completed.find(command.getCommandId());
    if (stored.isPresent()) {
      log.info("command {} already completed ({}): returning the stored result", command.getCommandId(),
          stored.get().getStatus());
      return stored.get();
    }
    Instant started = clock.instant();
    CommandResult result;
    if (command.getHostId() != hostId) {
      result = failure(command, started, CommandStatus.REJECTED,
          new CommandFailure("WRONG_HOST", "command for host " + command.getHostId() + " reached host " + hostId,
              false));
    } else if (started.isAfter(command.getDeadline())) {
      result = failure(command, started, CommandStatus.REJECTED,
          new CommandFailure("EXPIRED", "deadline " + command.getDeadline() + " passed", false));
    } else {
      result = execute(command, started);
    }
    log.info("command {} ({}) -> {}{}", command.getCommandId(), command.getAction().getClass().getSimpleName(),
        result.getStatus(), result.getErrorCode() == null ? "" : " " + result.getErrorCode());
    // A retryable failure is not final: the same command may be sent again and must then run again.
    if (!(result.getStatus() == CommandStatus.FAILED && result.getRetryable())) {
      completed.remember(result);
    }
    return result;
  }

  private CommandResult execute(HostCommand command, Instant started) {
    try {
      Execution execution = executor.execute(command);
      return CommandResult.newBuilder().setCommandId(command.getCommandId()).setHostId(hostId)
          .setStatus(execution.status()).setOutcome(execution.outcome())
          .setDurationMillis(clock.millis() - started.toEpochMilli()).setCompletedAt(clock.instant()).build();
    } catch (CommandFailure failure) {
      CommandStatus status = "UNSEALABLE".equals(failure.code()) ? CommandStatus.REJECTED : CommandStatus.FAILED;
      return failure(command, started, status, failure);
    }
  }

  private CommandResult failure(HostCommand command, Instant started, CommandStatus status, CommandFailure f) {
    return CommandResult.newBuilder().setCommandId(command.getCommandId()).setHostId(hostId).setStatus(status)
        .setErrorCode(f.code()).setErrorMessage(f.getMessage()).setRetryable(f.retryable())
        .setDurationMillis(clock.millis() - started.toEpochMilli()).setCompletedAt(clock.instant()).build();
  }
}
