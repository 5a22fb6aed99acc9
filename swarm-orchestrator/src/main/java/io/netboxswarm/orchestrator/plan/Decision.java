package io.netboxswarm.orchestrator.plan;

import io.netboxswarm.orchestrator.rules.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * What one swarm's decision asks for: the violations in force, the steps to take (those already sent are filtered
 * out by the edge, by their command ids) and what to report without a command. Built by the object plans in order.
 */
public record Decision(List<Violation> violations, List<Intent> intents, List<Notice> notices) {

  Decision(List<Violation> violations) {
    this(new ArrayList<>(violations), new ArrayList<>(), new ArrayList<>());
  }

  void add(Intent intent) {
    intents.add(intent);
  }

  void add(Notice notice) {
    notices.add(notice);
  }

  Decision done() {
    return new Decision(List.copyOf(violations), List.copyOf(intents), List.copyOf(notices));
  }
}
