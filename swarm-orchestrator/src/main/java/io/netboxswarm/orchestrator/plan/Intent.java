package io.netboxswarm.orchestrator.plan;

import io.netboxswarm.orchestrator.state.IntentKey;
import io.netboxswarm.orchestrator.state.Step;
import java.util.function.Function;

/**
 * One step the plan wants done. Its key names the intent (the same intent, the same key, the same command id);
 * its action is built by the edge only when the command is actually sent, with what it seals.
 *
 * @param hostId the host whose agent executes it
 * @param subjectHost the host the step is about (the joining, draining or leaving one), if any
 * @param objectId the NetBox object it is about (secret, network, container), if any
 * @param subject what a newer intent supersedes it on, e.g. "service:7"; null when nothing does
 */
public record Intent(IntentKey key, Step step, long hostId, Long subjectHost, Long objectId, String subject,
    Function<Sealing, Object> action) {
}
