package io.netboxswarm.agent.commands;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netboxswarm.agent.docker.ActionExecutor;
import io.netboxswarm.agent.docker.CommandFailure;
import io.netboxswarm.agent.docker.Execution;
import io.netboxswarm.agent.docker.Intent;
import io.netboxswarm.agent.metrics.AgentMetrics;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;

/**
 * One verified command in, one result out (the loop checked its signature first): answers a redelivered command
 * with its stored result, refuses what is not for this host or is past its deadline without touching the engine,
 * and otherwise records its intent and executes it. Only what the engine settled is stored: a refusal or a
 * retryable failure is not. The intent stays until a settled result (or a refusal) is published, so that an
 * attempt cut short by a crash, or by a failure that may have happened after the engine acted, is recognised when
 * the command comes again.
 */
public final class CommandHandler {

  private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);

  /** Failures decided before the engine was touched: refusals, never stored (see {@link #handle}). */
  private static final java.util.Set<String> REFUSALS = java.util.Set.of("UNSEALABLE", "POLICY_VIOLATION");

  private final long hostId;
  private final ActionExecutor executor;
  private final CompletedCommands completed;
  private final Intents intents;
  private final Clock clock;
  private final AgentMetrics metrics;

  public CommandHandler(long hostId, ActionExecutor executor, AgentState state, Clock clock, AgentMetrics metrics) {
    this.hostId = hostId;
    this.executor = executor;
    this.completed = state.completed();
    this.intents = state.intents();
    this.clock = clock;
    this.metrics = metrics;
  }

  /** @param digest the digest of the command's signed bytes ({@code RecordSignatures.digest}) */
  public CommandResult handle(HostCommand command, String digest) {
    var stored = completed.find(command.getCommandId(), digest);
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
    } else if (started.isAfter(command.getDeadline()) && !intents.begun(command.getCommandId(), digest)) {
      // A command begun before its deadline is finished whatever the time: the engine may have acted on it.
      result = failure(command, started, CommandStatus.REJECTED,
          new CommandFailure("EXPIRED", "deadline " + command.getDeadline() + " passed", false));
    } else {
      result = execute(command, started, intents.begin(command.getCommandId(), digest));
    }
    log.info("command {} ({}) -> {}{}", command.getCommandId(), AgentMetrics.action(command.getAction()),
        result.getStatus(), result.getErrorCode() == null ? "" : " " + result.getErrorCode());
    // A retryable failure is not final: the same command may be sent again and must then run again. A refusal
    // decided nothing on the engine: storing it would let a bad copy spoil the real command for good.
    if (result.getStatus() != CommandStatus.REJECTED && !retryable(result)) {
      completed.remember(result, digest);
    }
    return result;
  }

  /**
   * The result of the command is on the topic: a settled one (or a refusal) ends its intent; a retryable failure
   * keeps it, since the engine may have acted before the failure and the same command may come again.
   */
  public void published(HostCommand command, String digest, CommandResult result) {
    if (!retryable(result)) {
      intents.finish(command.getCommandId(), digest);
    }
  }

  private static boolean retryable(CommandResult result) {
    return result.getStatus() == CommandStatus.FAILED && result.getRetryable();
  }

  /**
   * The answer to a command record whose signature does not hold: nothing is run, nothing stored. The id is what
   * the record claims (for the orchestrator's audit), never trusted to find a stored result.
   */
  public CommandResult refuseUnsigned(String claimedCommandId, String verdict) {
    Instant now = clock.instant();
    CommandResult result = CommandResult.newBuilder().setCommandId(claimedCommandId).setHostId(hostId)
        .setStatus(CommandStatus.REJECTED).setErrorCode("BAD_SIGNATURE")
        .setErrorMessage("not signed by the orchestrator's key for this host's topic (" + verdict
            + "); nothing was run")
        .setRetryable(false).setDurationMillis(0).setCompletedAt(now).build();
    log.warn("command record claiming id {} refused: BAD_SIGNATURE ({})", claimedCommandId, verdict);
    return result;
  }

  private CommandResult execute(HostCommand command, Instant started, Intent intent) {
    long engineStart = System.nanoTime();
    try {
      Execution execution = executor.execute(command, intent);
      engineCall(command, engineStart);
      return CommandResult.newBuilder().setCommandId(command.getCommandId()).setHostId(hostId)
          .setStatus(execution.status()).setOutcome(execution.outcome())
          .setDurationMillis(clock.millis() - started.toEpochMilli()).setCompletedAt(clock.instant()).build();
    } catch (CommandFailure failure) {
      CommandStatus status = REFUSALS.contains(failure.code()) ? CommandStatus.REJECTED : CommandStatus.FAILED;
      if (status == CommandStatus.FAILED) { // a refusal never reached the engine
        engineCall(command, engineStart);
      }
      return failure(command, started, status, failure);
    }
  }

  private void engineCall(HostCommand command, long startNanos) {
    metrics.engineCall(AgentMetrics.action(command.getAction()), Duration.ofNanos(System.nanoTime() - startNanos));
  }

  private CommandResult failure(HostCommand command, Instant started, CommandStatus status, CommandFailure f) {
    return CommandResult.newBuilder().setCommandId(command.getCommandId()).setHostId(hostId).setStatus(status)
        .setErrorCode(f.code()).setErrorMessage(f.getMessage()).setRetryable(f.retryable())
        .setDurationMillis(clock.millis() - started.toEpochMilli()).setCompletedAt(clock.instant()).build();
  }
}
