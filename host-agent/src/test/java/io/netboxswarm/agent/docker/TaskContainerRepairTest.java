package io.netboxswarm.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which task containers an engine restart left without their secrets, and how the engine's start is dated. */
@Tag("fast")
class TaskContainerRepairTest {

  private static final Instant ENGINE_START = Instant.parse("2026-12-04T10:00:00.500Z");

  @Test
  void onlyAContainerCreatedBeforeTheEngineStartedAndStartedAfterIsSuspect() {
    Instant before = ENGINE_START.minusMillis(30);
    Instant after = ENGINE_START.plusSeconds(3);
    assertThat(TaskContainerRepair.startedAcrossRestart(before, after, ENGINE_START)).isTrue();
    assertThat(TaskContainerRepair.startedAcrossRestart(after, after.plusMillis(20), ENGINE_START))
        .as("created and started by the engine's current run").isFalse();
    assertThat(TaskContainerRepair.startedAcrossRestart(before.minusSeconds(60), before, ENGINE_START))
        .as("running across the start without a restart of its own (live restore)").isFalse();
  }

  @Test
  void theEngineStartIsItsSocketsTimeAndUnknownOverTcp(@TempDir Path dir) throws Exception {
    Path socket = Files.createFile(dir.resolve("docker.sock"));
    Files.setLastModifiedTime(socket, FileTime.from(ENGINE_START));

    assertThat(TaskContainerRepair.engineStartOf("unix://" + socket).get()).contains(ENGINE_START);
    assertThat(TaskContainerRepair.engineStartOf("unix://" + dir.resolve("gone.sock")).get())
        .as("an engine away").isEmpty();
    assertThat(TaskContainerRepair.engineStartOf("tcp://10.0.0.5:2376").get()).isEmpty();
  }
}
