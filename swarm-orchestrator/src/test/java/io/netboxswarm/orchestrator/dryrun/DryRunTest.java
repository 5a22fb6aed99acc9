package io.netboxswarm.orchestrator.dryrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.admission.AdmissionPolicy;
import io.netboxswarm.netbox.mapping.NetboxEventMapper;
import io.netboxswarm.netbox.mapping.OrchestratorSealer;
import io.netboxswarm.netbox.mapping.UnmappableWebhookException;
import io.netboxswarm.orchestrator.dryrun.DryRunPlan.PlannedCommand;
import io.netboxswarm.orchestrator.dryrun.DryRunPlan.SwarmPlan;
import io.netboxswarm.orchestrator.plan.SwarmPlanner;
import io.netboxswarm.orchestrator.rules.SwarmRules;
import io.netboxswarm.orchestrator.state.HostObservation;
import io.netboxswarm.orchestrator.state.Member;
import io.netboxswarm.orchestrator.state.MemoryStateStore;
import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import io.netboxswarm.orchestrator.state.World;
import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.Opener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dry run over an in-memory state (fast tier, no broker): swarm 1 formed with manager 1 and worker 7, swarm 2
 * formed with manager 2. What a NetBox change would do comes back; the state is left as it was.
 */
@Tag("fast")
class DryRunTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-12-04T02:00:00Z");

  @TempDir
  Path keys;
  private final MemoryStateStore live = new MemoryStateStore();
  private DryRun dryRun;

  @BeforeEach
  void formTwoSwarms() throws Exception {
    World world = new World(live).load();
    formed(world, 1, 1, 7L);
    formed(world, 2, 2, null);
    world.flush();
    Path orchestratorKeyset = KeyGenerator.generate(SealingContext.ORCHESTRATOR, keys)[0];
    Opener opener = Opener.of(SealingContext.ORCHESTRATOR, new Keysets(name -> null).privateKeyset(orchestratorKeyset,
        null));
    dryRun = new DryRun(new SwarmPlanner(new SwarmRules(AdmissionPolicy.defaults())), (id, a, b) -> a.equals(b),
        host -> true, new NetboxEventMapper(new OrchestratorSealer(opener.sealerForSelf())));
  }

  @Test
  void movingAWorkerToAnotherSwarmDrainsItFirstAndChangesNothing() {
    Map<String, String> before = new TreeMap<>(live.rows);

    DryRunPlan plan = dryRun.plan(live, List.of(swarm(1, List.of(1L), List.of()),
        swarm(2, List.of(2L), List.of(7L))), NOW);

    assertThat(plan.swarms()).extracting(SwarmPlan::swarmId).containsExactly(1L, 2L);
    SwarmPlan from = plan.swarms().get(0);
    assertThat(from.commands()).extracting(PlannedCommand::step, PlannedCommand::hostId, PlannedCommand::subjectHost,
        PlannedCommand::key).containsExactly(tuple(Step.DRAIN, 1L, 7L, "drain:1:7:node-7"));
    assertThat(from.violations()).isEmpty();
    SwarmPlan to = plan.swarms().get(1);
    assertThat(to.commands()).as("it joins once it has left swarm 1").isEmpty();
    assertThat(to.notices()).extracting(DryRunPlan.Finding::message)
        .containsExactly("host 7 joins swarm 2 once it has left swarm 1");
    assertThat(to.violations()).as("a move sent as two updates is no violation").isEmpty();
    assertThat(live.rows).isEqualTo(before);
  }

  @Test
  void removingTheLastManagerWhileAWorkerRemainsIsRefusedWithAJournalEntry() {
    DryRunPlan plan = dryRun.plan(live, List.of(swarm(1, List.of(), List.of(7L))), NOW);

    SwarmPlan swarm = plan.swarms().get(0);
    assertThat(swarm.commands()).isEmpty();
    assertThat(swarm.violations()).singleElement().satisfies(v -> {
      assertThat(v.rule()).isEqualTo("last-manager");
      assertThat(v.objectType()).isEqualTo("swarm");
      assertThat(v.objectId()).isEqualTo(1L);
    });
    assertThat(swarm.writeBacks()).singleElement().satisfies(w -> {
      assertThat(w.path()).isEqualTo("/api/extras/journal-entries/");
      assertThat(JSON.readTree(w.body()).get("kind").asString()).isEqualTo("danger");
    });
  }

  @Test
  void aSwarmReinitializedByHandGetsNothingUntilNetboxChangesTheSwarm() {
    World world = new World(live).load();
    world.progress.touch(1L).blockedBy = "drift:cluster";
    world.flush();
    JsonNode host = JSON.valueToTree(Map.of("model", "host", "data", Map.of("id", 7, "name", "renamed")));

    assertThat(dryRun.plan(live, List.of(host), NOW).swarms()).singleElement()
        .satisfies(swarm -> assertThat(swarm.refused()).contains("re-initialized by hand"));
    assertThat(dryRun.plan(live, List.of(swarm(1, List.of(1L), List.of())), NOW).swarms())
        .singleElement().satisfies(swarm -> {
          assertThat(swarm.refused()).isNull();
          assertThat(swarm.commands()).extracting(PlannedCommand::step).containsExactly(Step.DRAIN);
        });
  }

  @Test
  void aNewSecretIsCreatedByAManagerAndItsDataIsNeverInTheAnswer() {
    String data = Base64.getEncoder().encodeToString("s3cret-value".getBytes(StandardCharsets.UTF_8));
    JsonNode secret = JSON.valueToTree(Map.of("model", "secret", "data", Map.of("id", 9, "name", "db_password",
        "swarm", 1, "data", data)));

    DryRunPlan plan = dryRun.plan(live, List.of(secret), NOW);

    assertThat(plan.swarms()).singleElement().satisfies(swarm -> assertThat(swarm.commands())
        .extracting(PlannedCommand::step, PlannedCommand::hostId, PlannedCommand::objectId)
        .containsExactly(tuple(Step.CREATE_SECRET, 1L, 9L)));
    assertThat(JSON.writeValueAsString(plan)).doesNotContain(data).doesNotContain("s3cret-value");
  }

  @Test
  void aChangeThatIsNoObjectOfThePluginIsRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> dryRun.plan(live, List.of(JSON.readTree("[1]")), NOW))
        .isInstanceOf(BadChange.class).hasMessageContaining("change 0 must be a JSON object");
    assertThatThrownBy(() -> dryRun.plan(live, List.of(JSON.readTree("{\"model\": \"swarm\"}")), NOW))
        .isInstanceOf(UnmappableWebhookException.class).hasMessage("missing field '$.data'");
  }

  private static JsonNode swarm(long id, List<Long> managers, List<Long> workers) {
    return JSON.valueToTree(Map.of("model", "swarm", "data", Map.of("id", id, "name", "swarm-" + id,
        "manager_nodes", managers, "worker_nodes", workers)));
  }

  private static void formed(World world, long swarmId, long manager, Long worker) {
    SwarmProgress progress = new SwarmProgress(swarmId);
    progress.clusterId = "cluster-" + swarmId;
    progress.managerAddrs = List.of("192.0.2." + manager + ":2377");
    progress.members.put(manager, new Member(manager, "node-" + manager, NodeRole.MANAGER, null, 0));
    claim(world, manager, swarmId);
    if (worker != null) {
      progress.members.put(worker, new Member(worker, "node-" + worker, NodeRole.WORKER, null, 0));
      claim(world, worker, swarmId);
    }
    world.progress.put(swarmId, progress);
    world.swarms.put(swarmId, new SwarmSpec(swarmId, "swarm-" + swarmId, null, null, List.of(manager),
        worker == null ? List.of() : List.of(worker), null));
  }

  private static void claim(World world, long host, long swarmId) {
    world.claims.put(host, swarmId);
    world.observations.put(host, new HostObservation(host, true, null, "cluster-" + swarmId, "node-" + host, null,
        "192.0.2." + host, List.of()));
  }
}
