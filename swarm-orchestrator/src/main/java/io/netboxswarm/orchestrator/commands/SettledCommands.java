package io.netboxswarm.orchestrator.commands;

import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.state.TrackedCommand.Status;
import io.netboxswarm.orchestrator.state.World;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Forgets commands that no longer drive anything, once the retention after their last deadline has passed: a
 * success (its effect is in the progress, or kept in compact form by the {@link CommandLedger}), a permanent
 * failure that a NetBox change has cleared (or whose swarm is gone), and a retry nobody planned again. A late result
 * of a forgotten command is for an unknown command and changes nothing, as the result of a settled one did.
 */
public final class SettledCommands {

  private static final String SECRET_FAMILY = Step.CREATE_SECRET.name() + ":";

  private final World world;

  public SettledCommands(World world) {
    this.world = world;
  }

  /** Returns how many commands were forgotten; at most the retention's batch per call. */
  public int prune(Instant now) {
    long upTo = now.minus(world.retention().settledCommands()).toEpochMilli();
    int batch = world.retention().batch();
    List<TrackedCommand> forgotten = new ArrayList<>();
    for (Status status : List.of(Status.SUCCEEDED, Status.FAILED, Status.RETRY_DUE)) {
      if (forgotten.size() < batch) {
        world.forEachCommandDue(status, upTo, command -> {
          if (!stillStops(command)) {
            forgotten.add(command);
          }
          return forgotten.size() < batch;
        });
      }
    }
    Set<String> openSubjects = null;
    for (TrackedCommand command : forgotten) {
      world.commands.remove(command.commandId);
      SwarmProgress progress = world.progress.get(command.swarmId);
      if (progress == null) {
        continue; // the swarm is gone, and all it knew with it
      }
      if (CommandLedger.keptWhenForgotten(command)) {
        SwarmProgress kept = world.progress.touch(command.swarmId);
        kept.succeeded.put(CommandLedger.family(command), command.commandId);
        // A deleted secret is never planned again (NetBox does not reuse ids): its entry goes.
        kept.succeeded.keySet().removeIf(family -> family.startsWith(SECRET_FAMILY)
            && world.secrets.get(family.substring(SECRET_FAMILY.length())) == null);
      }
      if (command.subject != null && command.commandId.equals(progress.latest.get(command.subject))) {
        openSubjects = openSubjects == null ? openSubjects() : openSubjects;
        if (!openSubjects.contains(command.swarmId + " " + command.subject)) {
          // No command on that subject is open: no result can come that this entry would have to stop.
          world.progress.touch(command.swarmId).latest.remove(command.subject);
        }
      }
    }
    return forgotten.size();
  }

  /**
   * A permanent failure stays while its id is its intent's current one: it stops that intent from being sent
   * again until a NetBox change clears it (a new reset, a new id), which is what the plan's unblocking looks for.
   */
  private boolean stillStops(TrackedCommand command) {
    if (command.status != Status.FAILED) {
      return false;
    }
    SwarmProgress progress = world.progress.get(command.swarmId);
    return progress != null && CommandLedger.commandId(progress, command.intentKey).equals(command.commandId);
  }

  private Set<String> openSubjects() {
    Set<String> subjects = new HashSet<>();
    for (Status status : List.of(Status.PENDING, Status.RETRY_WAIT, Status.RETRY_DUE)) {
      world.forEachCommandDue(status, Long.MAX_VALUE, command -> {
        if (command.subject != null) {
          subjects.add(command.swarmId + " " + command.subject);
        }
        return true;
      });
    }
    return subjects;
  }
}
