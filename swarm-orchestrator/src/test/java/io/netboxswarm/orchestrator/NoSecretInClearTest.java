package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.command.CreateSecret;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.RotateJoinToken;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Secret;
import io.netboxswarm.contracts.netbox.Swarm;
import io.netboxswarm.contracts.result.SecretOutcome;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.kafka.TopicScan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A swarm formed, a secret created and the tokens rotated; then every byte of every topic on the broker (the
 * orchestrator's state changelogs included, aborted transactions too), the status API and everything the
 * orchestrator logged are searched for the secret and the join tokens, in clear and in base64. Only NetBox's
 * write-back request carries the tokens, as the proposal asks.
 */
@ExtendWith({Platform.class, OutputCaptureExtension.class})
class NoSecretInClearTest extends Scenario {

  private static final long SWARM = 5;

  @Test
  void noTopicLogOrStatusHoldsASecretOrAToken(CapturedOutput output) {
    String secret = "correct-horse-battery-" + System.nanoTime();
    String cluster = formSwarm(SWARM, List.of(1L), List.of(4L));
    events.secret(Secret.newBuilder().setId(40).setSwarm(SWARM).setName("db-password")
        .setData(keys.sealForOrchestrator(secret, SealingContext.netboxSecret(40))).build());
    HostCommand create = agents.await(1, CreateSecret.class);
    agents.succeed(create, new SecretOutcome("docker-secret-1"));
    Swarm plain = Events.swarm(SWARM, List.of(1L), List.of(4L));
    events.send(EventKind.UPDATED, ObjectType.SWARM, SWARM, plain,
        Swarm.newBuilder(plain).setOperation("rotate-join-tokens").build());
    HostCommand rotate = agents.await(1, RotateJoinToken.class);
    agents.succeed(rotate, new SwarmOutcome(cluster, nodeId(1), NodeRole.MANAGER, agents.tokens(cluster, "-r2"),
        List.of(address(1) + ":2377")));
    // The rotation's write-back (the one write with an operation) reaches NetBox only once the transaction of the
    // rotation's result is committed, as the writer reads netbox.writes read_committed: that last decision's
    // changelog writes, in the same transaction, are then on the broker too.
    netbox.await("PATCH", "/api/plugins/docker/swarms/5/", b -> b.has("operation"));

    List<String> clear = List.of(secret, Agents.workerToken(cluster), Agents.managerToken(cluster),
        Agents.workerToken(cluster) + "-r2", Agents.managerToken(cluster) + "-r2");
    List<String> needles = new ArrayList<>(clear);
    clear.forEach(c -> needles.add(Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8))));
    Map<String, Integer> scanned = TopicScan.assertNoneContains(broker.clientProperties("admin"), needles);
    assertThat(scanned.keySet()).as("the topics scanned").contains("netbox.events", "agent.results",
        "agent.commands.1", "agent.commands.4", "swarm.audit", "netbox.writes", applicationId + "-orchestrator-progress-changelog", applicationId + "-orchestrator-secret-changelog");
    assertThat(scanned.values().stream().mapToInt(Integer::intValue).sum()).as("records scanned").isGreaterThan(20);

    // a healthy start, captured from its first line: no exception, no Kafka client configuration dump
    String logs = output.getAll();
    // Spring names the started class after the JVM's main class: the test's here
    assertThat(logs).as("the logs").contains(": Started ")
        .doesNotContainPattern("(Producer|Consumer|AdminClient|Streams)Config values:");
    assertThat(logs.substring(0, logs.indexOf(": Started "))).as("the start's log")
        .doesNotContain("Exception").doesNotContain("Bean Validation").doesNotContain("Unexpected user-specified");
    String status = orchestrator.get("/status/swarms").body() + orchestrator.get("/status/swarms/5").body();
    assertThat(status).contains(cluster);
    for (String value : clear) {
      assertThat(status).doesNotContain(value);
      assertThat(output.getAll()).as("the logs").doesNotContain(value)
          .doesNotContain(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }
    // The one place the tokens go in clear: NetBox's Swarm, through its API.
    assertThat(netbox.requests("PATCH", "/api/plugins/docker/swarms/5/").toString())
        .contains(Agents.workerToken(cluster) + "-r2");
  }
}
