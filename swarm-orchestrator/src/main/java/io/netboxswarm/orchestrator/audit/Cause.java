package io.netboxswarm.orchestrator.audit;

import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.orchestrator.state.TrackedCommand;

/**
 * What caused a decision, as its audit names it: the NetBox event (or command, heartbeat, tick) and, when a NetBox
 * change is behind it, who made it and NetBox's request id, so that an auditor needs no join with netbox.events.
 *
 * @param id the causation id: an event id, a command id, "heartbeat:3", "retry"
 */
public record Cause(String id, String user, String requestId) {

  /** Nothing NetBox did: a heartbeat, a tick. */
  public static Cause of(String id) {
    return new Cause(id, null, null);
  }

  public static Cause of(NetboxEvent event) {
    return new Cause(event.getEventId(), event.getUser(), event.getRequestId());
  }

  /** A command's result: caused by the command, on behalf of the change that caused the command. */
  public static Cause of(TrackedCommand command) {
    return new Cause(command.commandId, command.user, command.requestId);
  }
}
