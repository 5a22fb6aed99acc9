package io.netboxswarm.orchestrator;

import io.netboxswarm.testkit.layout.PackageCycles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class PackageLayoutTest {

  @Test
  void featurePackagesHaveNoCycles() {
    PackageCycles.assertNone(OrchestratorApplication.class);
  }
}
