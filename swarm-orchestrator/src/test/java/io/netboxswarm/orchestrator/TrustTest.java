package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.testkit.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The orchestrator believes an agent's record only when the key of the host it names signed it, and only for hosts
 * NetBox knows; everything it sends is signed with its own key. Through the real broker and registry.
 */
@ExtendWith(Platform.class)
class TrustTest extends Scenario {

  private static final long SWARM = 7;

  @Test
  void aResultSignedByAnotherHostOrByNoOneIsAuditedAndChangesNothing() {
    idleHosts(2);
    events.send(EventKind.CREATED, ObjectType.SWARM, SWARM, null, Events.swarm(SWARM, List.of(2L), List.of()));
    HostCommand init = agents.await(2, InitSwarm.class);
    CommandResult forged = CommandResult.newBuilder().setCommandId(init.getCommandId()).setHostId(2)
        .setStatus(CommandStatus.SUCCEEDED).setCompletedAt(Instant.now())
        .setOutcome(agents.managerOutcome("forgers-cluster", "node-x", List.of("203.0.113.66:2377"))).build();

    agents.sendSignedBy(keys.signerOf(3), Topics.AGENT_RESULTS, 2, forged); // host 3 claiming to be host 2
    agents.sendSignedBy(null, Topics.AGENT_RESULTS, 2, forged);             // no signature at all

    AuditEvent claimed = audit.await(AuditKind.VIOLATION, "untrusted-record",
        e -> e.getMessage().contains("host-3") && e.getMessage().contains("claims to be from host 2"));
    assertThat(claimed.getSeverity()).isEqualTo(Severity.DANGER);
    audit.await(AuditKind.VIOLATION, "untrusted-record", e -> "UNSIGNED".equals(e.getDetails().get("verdict")));
    assertThat(orchestrator.swarmStatus(SWARM).path("clusterId").isMissingNode()
        || orchestrator.swarmStatus(SWARM).path("clusterId").isNull()).as("no cluster id taken from a forgery")
        .isTrue();
    assertThat(orchestrator.swarmStatus(SWARM).path("members")).isEmpty();

    // The real agent's answer still counts: the forgeries settled nothing.
    agents.succeed(init, agents.managerOutcome("cluster-7", nodeId(2), List.of(address(2) + ":2377")));
    awaitMembers(SWARM, 1);
    assertThat(orchestrator.swarmStatus(SWARM).path("clusterId").asString()).isEqualTo("cluster-7");
    assertThat(agents.unsigned()).as("every command the orchestrator sent is signed").isEmpty();
  }

  @Test
  void aHeartbeatOfAHostNetboxDoesNotKnowCreatesNothingUntilNetboxNamesIt() throws Exception {
    agents.idle(99, address(99));

    AuditEvent stranger = audit.await(AuditKind.WARNING, "unknown-host", e -> e.getHostId() == 99);
    assertThat(stranger.getMessage()).contains("NetBox does not know");
    agents.idle(99, address(99));
    agents.assertQuiet(Duration.ofSeconds(1), 99);
    try (var admin = broker.admin()) {
      assertThat(admin.listTopics().names().get()).doesNotContain(Topics.commandsFor(99));
    }
    assertThat(audit.of(AuditKind.WARNING, "unknown-host")).as("reported once").hasSize(1);
    assertThat(orchestrator.get("/status/swarms").body()).doesNotContain("99");

    // Once NetBox names it, its last heartbeat serves: the init leaves without waiting for the next one.
    events.send(EventKind.CREATED, ObjectType.SWARM, SWARM, null, Events.swarm(SWARM, List.of(99L), List.of()));
    HostCommand init = agents.await(99, InitSwarm.class);
    assertThat(((InitSwarm) init.getAction()).getAdvertiseAddr()).isEqualTo(address(99));
  }
}
