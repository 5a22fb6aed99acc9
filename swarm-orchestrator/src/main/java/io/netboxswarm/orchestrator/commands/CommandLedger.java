package io.netboxswarm.orchestrator.commands;

import io.netboxswarm.orchestrator.state.Fingerprint;
import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.IntentKey;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.state.World;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The commands sent and their fate, looked up by intent. A command id is a digest of its intent key (and of how
 * many times a permanent failure of it was cleared by a NetBox change), so the same intent always has the same id.
 * Settled commands are forgotten after a while ({@link SettledCommands}); what a forgotten success must still
 * prevent, its intent being sent again, is kept in compact form in {@link SwarmProgress#succeeded}, except for the
 * steps whose effect the progress itself records.
 */
public final class CommandLedger {

  /**
   * Steps whose success the progress records, so that the planner stops asking for them once they succeeded:
   * init sets the cluster id (a new formation is a new intent); join, promote and demote set the member and its
   * role; drain, leave and remove-node its departure or its removal (and bump its join generation); dissolve clears
   * the cluster; networks, services and removed secrets are in the progress's maps with the id or digest their
   * intent names. A rotation and a secret's creation are planned from NetBox's wish alone: those, and any step not
   * listed here, are kept in compact form.
   */
  private static final Set<Step> RECORDED_BY_PROGRESS = EnumSet.of(Step.INIT, Step.JOIN, Step.PROMOTE,
      Step.DEMOTE_ROLE, Step.DEMOTE, Step.DRAIN, Step.LEAVE, Step.REMOVE_NODE, Step.DISSOLVE, Step.REMOVE_SECRET,
      Step.CREATE_NETWORK, Step.REMOVE_NETWORK, Step.CREATE_SERVICE, Step.UPDATE_SERVICE, Step.REMOVE_SERVICE);

  private final World world;

  public CommandLedger(World world) {
    this.world = world;
  }

  public static String commandId(SwarmProgress progress, IntentKey intentKey) {
    int resets = progress.resets.getOrDefault(intentKey.toString(), 0);
    return "cmd-" + Fingerprint.of(intentKey + "#" + resets).substring(0, 24);
  }

  /** The swarm's commands that failed for good and are still their intent's current command. */
  public List<TrackedCommand> failedCommands(SwarmProgress progress) {
    List<TrackedCommand> failed = new ArrayList<>();
    world.forEachCommandDue(TrackedCommand.Status.FAILED, Long.MAX_VALUE, command -> {
      if (command.swarmId == progress.swarmId && commandId(progress, command.intentKey).equals(command.commandId)) {
        failed.add(command);
      }
      return true;
    });
    return failed;
  }

  /** Whether the command succeeded and was forgotten since: it must not be sent again. */
  static boolean succeededAndForgotten(SwarmProgress progress, String commandId) {
    return progress.succeeded.containsValue(commandId);
  }

  /** Whether a success of this command must be remembered after the command is forgotten. */
  static boolean keptWhenForgotten(TrackedCommand command) {
    return command.status == TrackedCommand.Status.SUCCEEDED
        && !RECORDED_BY_PROGRESS.contains(command.step);
  }

  /** The family a forgotten success is kept under: its step and the object or host it is about. */
  static String family(TrackedCommand command) {
    Long about = command.objectId != null ? command.objectId : command.subjectHost;
    return about == null ? command.step.name() : command.step + ":" + about;
  }
}
