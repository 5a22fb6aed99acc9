package io.netboxswarm.orchestrator.commands;

import java.util.Collection;

/**
 * The per-host command topics ({@code agent.commands.<hostId>}), which must exist before a command is sent: a broker
 * that does not create topics itself would make the send wait, then fail.
 */
public interface CommandTopics {

  /** Hosts that may get commands soon: their topics are created in the background, many per request. */
  void prepare(Collection<Long> hostIds);

  /** Returns once the host's topic exists. */
  void ensure(long hostId);
}
