package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.command.RotateJoinToken;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.Host;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Swarm;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.testkit.Platform;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/**
 * What NetBox receives: the exact PATCH requests with the Swarm's SwarmID and JoinTokens and each host's node id and
 * role; that NetBox's echo of them (a webhook for each write) starts nothing; join-token rotation on demand.
 */
@ExtendWith(Platform.class)
class WriteBackTest extends Scenario {

  private static final long SWARM = 5;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @AfterEach
  void netboxReceivedOnlyWhatItAccepts() {
    assertThat(netbox.unmatched()).isEmpty();
  }

  @Test
  void aFormedSwarmWritesItsIdTokensAndEachHostsNodeIdAndRole() {
    String cluster = formSwarm(SWARM, List.of(1L, 2L), List.of(4L));

    var swarm = netbox.await("PATCH", "/api/plugins/docker/swarms/5/", b -> b.has("SwarmID"));
    assertThat(swarm.body()).isEqualTo(JSON.readTree("""
        {"SwarmID": "%s", "state": "created",
         "JoinTokens": {"Worker": "%s", "Manager": "%s"}}""".formatted(cluster, Agents.workerToken(cluster),
        Agents.managerToken(cluster))));
    assertThat(netbox.await("PATCH", "/api/plugins/docker/hosts/1/", b -> true).body())
        .isEqualTo(JSON.readTree("{\"custom_fields\": {\"swarm_node_id\": \"node-1\", \"swarm_role\": \"manager\"}}"));
    assertThat(netbox.await("PATCH", "/api/plugins/docker/hosts/2/", b -> true).body())
        .isEqualTo(JSON.readTree("{\"custom_fields\": {\"swarm_node_id\": \"node-2\", \"swarm_role\": \"manager\"}}"));
    assertThat(netbox.await("PATCH", "/api/plugins/docker/hosts/4/", b -> true).body())
        .isEqualTo(JSON.readTree("{\"custom_fields\": {\"swarm_node_id\": \"node-4\", \"swarm_role\": \"worker\"}}"));
  }

  @Test
  void netboxEchoingTheWriteBackStartsNothing() {
    String cluster = formSwarm(SWARM, List.of(1L), List.of(4L));
    netbox.await("PATCH", "/api/plugins/docker/hosts/4/", b -> true);
    int commands = agents.received().size();
    int requests = netbox.requests().size();

    // The webhooks NetBox fires for the orchestrator's own writes, as the ingest turns them into events.
    Swarm before = Events.swarm(SWARM, List.of(1L), List.of(4L));
    Swarm after = Swarm.newBuilder(before).setSwarmId(cluster).setState("created")
        .setJoinTokens(agents.tokens(cluster, "")).build();
    events.send(EventKind.UPDATED, ObjectType.SWARM, SWARM, before, after);
    for (long host : new long[] {1, 4}) {
      Host hostAfter = Host.newBuilder().setId(host).setName("host-" + host).setState("running")
          .setSwarmNodeId(nodeId(host)).setSwarmRole(host == 1 ? "manager" : "worker").build();
      events.send(EventKind.UPDATED, ObjectType.HOST, host, null, hostAfter);
    }
    agents.assertQuiet(Duration.ofSeconds(2));
    assertThat(agents.received()).hasSize(commands);
    assertThat(netbox.requests()).hasSize(requests);
  }

  @Test
  void aWriteNetboxHadNotAcceptedWhenTheOrchestratorStoppedIsSentByTheNextInstance() throws Exception {
    netbox.unavailable();
    String cluster = formSwarm(SWARM, List.of(1L), List.of());
    netbox.awaitAnswered("PATCH", "/api/plugins/docker/swarms/5/", 503); // the writer is retrying it
    orchestrator.close();

    netbox.available();
    orchestrator = startOrchestrator(Files.createDirectories(tmp.resolve("next")));
    var swarm = netbox.await("PATCH", "/api/plugins/docker/swarms/5/", b -> b.has("SwarmID"));
    assertThat(swarm.body().path("SwarmID").asString()).isEqualTo(cluster);
    netbox.await("PATCH", "/api/plugins/docker/hosts/1/", b -> true);
  }

  @Test
  void tokensAreNotWrittenBackWhenTheSettingIsOff() throws Exception {
    orchestrator.close();
    Map<String, Object> settings = settings(Files.createDirectories(tmp.resolve("no-tokens")));
    settings.put("netbox-swarm.orchestrator.netbox.write-join-tokens", "false");
    orchestrator = OrchestratorRun.start(settings);

    String cluster = formSwarm(SWARM, List.of(1L), List.of());
    var swarm = netbox.await("PATCH", "/api/plugins/docker/swarms/5/", b -> b.has("SwarmID"));
    assertThat(swarm.body()).isEqualTo(JSON.readTree("{\"SwarmID\": \"" + cluster + "\", \"state\": \"created\"}"));
  }

  @Test
  void joinTokensAreRotatedOnDemandAndTheNewOnesUsedAndWrittenBack() {
    String cluster = formSwarm(SWARM, List.of(1L), List.of());
    Swarm plain = Events.swarm(SWARM, List.of(1L), List.of());
    NetboxEvent ask = events.send(EventKind.UPDATED, ObjectType.SWARM, SWARM, plain,
        Swarm.newBuilder(plain).setOperation("rotate-join-tokens").build());

    HostCommand rotate = agents.await(1, RotateJoinToken.class);
    assertThat(rotate.getCausationId()).isEqualTo(ask.getEventId());
    events.sendRaw(ask); // the same request delivered twice is one rotation
    agents.succeed(rotate, new SwarmOutcome(cluster, nodeId(1), NodeRole.MANAGER, agents.tokens(cluster, "-r2"),
        List.of(address(1) + ":2377")));

    var written = netbox.await("PATCH", "/api/plugins/docker/swarms/5/", b -> b.has("operation"));
    assertThat(written.body()).isEqualTo(JSON.readTree("""
        {"operation": "none", "JoinTokens": {"Worker": "%s", "Manager": "%s"}}"""
        .formatted(Agents.workerToken(cluster) + "-r2", Agents.managerToken(cluster) + "-r2")));
    // NetBox echoes operation none: no second rotation.
    events.send(EventKind.UPDATED, ObjectType.SWARM, SWARM, null, plain);
    agents.assertQuiet(Duration.ofSeconds(1), 1);
    assertThat(agents.count(1, RotateJoinToken.class)).isEqualTo(1);

    // A worker added now joins with the new token.
    idleHosts(4);
    events.swarmChanged(SWARM, List.of(1L), List.of(4L));
    JoinSwarm join = (JoinSwarm) agents.await(4, JoinSwarm.class).getAction();
    assertThat(keys.openAsHost(4, join.getJoinToken(), SealingContext.joinTokenForHost(4, cluster, "worker")))
        .isEqualTo(Agents.workerToken(cluster) + "-r2");
  }
}
