package io.netboxswarm.orchestrator.dryrun;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.orchestrator.state.Step;
import java.util.List;

/** What a NetBox change would make the orchestrator do, per swarm it touches: the answer of a dry run. */
public record DryRunPlan(List<SwarmPlan> swarms) {

  /**
   * One swarm's next steps after the change, as its planner decides them.
   *
   * @param refused why nothing at all would be sent for the swarm, or null
   * @param commands the commands that would be sent now (those already sent are not sent again)
   * @param violations the rules the change breaks: no Docker action for what they concern
   * @param notices what would be reported without a command: waits and warnings
   * @param writeBacks the NetBox requests the decision itself calls for (journal entries); the IDs and states
   *     learnt from the commands' results follow only once they ran
   */
  public record SwarmPlan(long swarmId, String refused, List<PlannedCommand> commands, List<Finding> violations,
      List<Finding> notices, List<WriteBack> writeBacks) {
  }

  /**
   * @param hostId the host whose agent would run it
   * @param subjectHost the host it is about (the joining, draining, leaving one), if any
   * @param objectId the NetBox object it is about (secret, network, container), if any
   * @param key the intent's key: the same intent, the same command id
   * @param commandId the id the command would be sent under
   */
  public record PlannedCommand(Step step, long hostId, Long subjectHost, Long objectId, String key,
      String commandId) {
  }

  /** A violation or a notice, on the NetBox object it concerns. */
  public record Finding(String rule, Severity severity, String message, String objectType, Long objectId,
      Long hostId) {
  }

  /** A NetBox REST request, as the NetBox writer would send it. */
  public record WriteBack(String method, String path, @JsonRawValue String body) {
  }
}
