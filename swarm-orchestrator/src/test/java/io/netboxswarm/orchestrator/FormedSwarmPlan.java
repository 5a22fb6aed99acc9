package io.netboxswarm.orchestrator;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Fast tier: swarm 5 formed in process, host 1 its manager and host 2 its worker. */
abstract class FormedSwarmPlan {

  static final long SWARM = 5;

  @TempDir
  Path tmp;
  InProcessReconciler orchestrator;

  @BeforeEach
  void formSwarm() {
    orchestrator = new InProcessReconciler(tmp);
    orchestrator.formSwarm(SWARM, List.of(1L), List.of(2L));
  }
}
