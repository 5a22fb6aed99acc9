package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.command.CreateSecret;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.netbox.Container;
import io.netboxswarm.contracts.netbox.ContainerSecretMount;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Secret;
import io.netboxswarm.contracts.observed.LocalNodeState;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.orchestrator.status.SwarmStatus;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The status API explains itself and every audit says who and what (fast tier, no broker): a refused change shows
 * as the violation in force, on its object, until it ends; a step failed for good shows on the object it is about;
 * an audit names its object and the NetBox user and request id of the change behind it.
 */
@Tag("fast")
class ExplainedStatusTest extends FormedSwarmPlan {

  @Test
  void aRefusedRemovalOfTheLastManagerShowsAsTheViolationInForceOnTheSwarmUntilItEnds() {
    orchestrator.event(ObjectType.SWARM, SWARM, Events.swarm(SWARM, List.of(), List.of(2L)));

    SwarmStatus status = status();
    assertThat(status.desiredManagers()).isEmpty();
    assertThat(status.members()).extracting(SwarmStatus.MemberStatus::hostId).containsExactly(1L, 2L);
    assertThat(status.violations()).singleElement().satisfies(v -> {
      assertThat(v.rule()).isEqualTo("last-manager");
      assertThat(v.severity()).isEqualTo(Severity.DANGER);
      assertThat(v.objectType()).isEqualTo("swarm");
      assertThat(v.objectId()).isEqualTo(SWARM);
      assertThat(v.message()).contains("removal of manager host 1 from swarm 5 is refused", "workers [2] remain");
    });
    assertThat(status.objects()).containsOnlyKeys("swarm:5");
    assertThat(status.objects().get("swarm:5")).containsExactlyElementsOf(status.violations());

    // NetBox lists the manager again: nothing is refused any more.
    orchestrator.event(ObjectType.SWARM, SWARM, Events.swarm(SWARM, List.of(1L), List.of(2L)));
    assertThat(status().violations()).isEmpty();
    assertThat(status().objects()).isEmpty();
  }

  @Test
  void aSecretThatFailedForGoodShowsOnThatSecretAndWhatWaitsForItOnItsContainer() {
    orchestrator.event(ObjectType.SECRET, 40, secret(40, "db", "one"));
    HostCommand create = orchestrator.last(1, CreateSecret.class);
    orchestrator.fail(create, "ENGINE_ERROR", "rpc error: code = InvalidArgument", false);
    orchestrator.event(ObjectType.CONTAINER, 50, Container.newBuilder(RulesTest.container(50, 2, "app"))
        .setSecretMounts(List.of(ContainerSecretMount.newBuilder().setSecret(40).setSecretName("db").build()))
        .build());

    SwarmStatus status = status();
    assertThat(status.violations()).isEmpty();
    assertThat(status.blockedBy()).isNull();
    assertThat(status.objects()).containsOnlyKeys("secret:40", "container:50");
    assertThat(status.objects().get("secret:40")).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo("create-secret");
      assertThat(f.severity()).isEqualTo(Severity.DANGER);
      assertThat(f.commandId()).isEqualTo(create.getCommandId());
      assertThat(f.hostId()).isEqualTo(1L);
      assertThat(f.message()).contains("create-secret of secret 'db' (NetBox secret 40) failed on host 1",
          "ENGINE_ERROR", "InvalidArgument", "until NetBox changes secret 40");
    });
    assertThat(status.objects().get("container:50")).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.message()).contains("container 'app' (NetBox container 50) gets no service", "NetBox secret 40",
          "ENGINE_ERROR");
    });

    // The operator changes the Secret: it is tried again, and the failure is no longer in force.
    orchestrator.event(ObjectType.SECRET, 40, secret(40, "db", "two"));
    assertThat(status().objects()).doesNotContainKey("secret:40");
  }

  @Test
  void aCreateSecretAuditNamesTheSecretAndTheUserAndRequestOfTheChangeThatCausedIt() {
    NetboxEvent change = orchestrator.event(ObjectType.SECRET, 40, secret(40, "db", "one"));
    HostCommand create = orchestrator.last(1, CreateSecret.class);
    orchestrator.fail(create, "ENGINE_ERROR", "rpc error: code = InvalidArgument", false);

    AuditEvent issued = audit(AuditKind.COMMAND_ISSUED, "create-secret");
    assertThat(issued.getObjectType()).isEqualTo("secret");
    assertThat(issued.getObjectId()).isEqualTo(40L);
    assertThat(issued.getCausationId()).isEqualTo(change.getEventId());
    assertThat(issued.getUser()).isEqualTo("admin");
    assertThat(issued.getRequestId()).isEqualTo(change.getRequestId());
    // What comes of the command is on behalf of the same change, though the agent's result caused it.
    for (AuditEvent after : List.of(audit(AuditKind.COMMAND_OUTCOME, "create-secret"),
        audit(AuditKind.DECISION, "create-secret"))) {
      assertThat(after.getCausationId()).isEqualTo(create.getCommandId());
      assertThat(after.getObjectType()).isEqualTo("secret");
      assertThat(after.getObjectId()).isEqualTo(40L);
      assertThat(after.getUser()).isEqualTo("admin");
      assertThat(after.getRequestId()).isEqualTo(change.getRequestId());
    }
    assertThat(orchestrator.audits().toString()).doesNotContain("one");
  }

  @Test
  void aJoinAndItsOutcomeAreOnBehalfOfTheSwarmsChangeAndADriftSeenInAHeartbeatOfNobody() {
    NetboxEvent change = orchestrator.event(ObjectType.SWARM, SWARM, Events.swarm(SWARM, List.of(1L),
        List.of(2L, 3L)));
    HostCommand join = orchestrator.last(3, JoinSwarm.class);
    orchestrator.succeed(join, new SwarmOutcome("cluster-5", "node-3", NodeRole.WORKER, null,
        List.of("192.0.2.1:2377")));

    for (AuditKind kind : List.of(AuditKind.COMMAND_ISSUED, AuditKind.COMMAND_OUTCOME)) {
      AuditEvent audit = orchestrator.audits().stream().filter(a -> a.getKind() == kind
          && join.getCommandId().equals(a.getCommandId())).findFirst().orElseThrow();
      assertThat(audit.getObjectType()).as("%s", kind).isEqualTo("host");
      assertThat(audit.getObjectId()).isEqualTo(3L);
      assertThat(audit.getUser()).isEqualTo("admin");
      assertThat(audit.getRequestId()).isEqualTo(change.getRequestId());
    }

    // Host 2's engine left the swarm by hand: no NetBox change is behind what follows.
    orchestrator.heartbeat(2, LocalNodeState.INACTIVE, null, null, null);
    AuditEvent drift = audit(AuditKind.DRIFT, "member-left");
    assertThat(drift.getObjectType()).isEqualTo("host");
    assertThat(drift.getObjectId()).isEqualTo(2L);
    assertThat(drift.getUser()).isNull();
    assertThat(drift.getRequestId()).isNull();
  }

  @Test
  void everyAuditOfTheReconcilerNamesItsObject() {
    aRefusedRemovalOfTheLastManagerShowsAsTheViolationInForceOnTheSwarmUntilItEnds();
    aSecretThatFailedForGoodShowsOnThatSecretAndWhatWaitsForItOnItsContainer();
    orchestrator.heartbeat(2, LocalNodeState.INACTIVE, null, null, null);
    orchestrator.heartbeat(9, LocalNodeState.INACTIVE, null, null, null); // an agent NetBox does not know

    assertThat(orchestrator.audits()).hasSizeGreaterThan(15).allSatisfy(audit -> {
      assertThat(audit.getObjectType()).as("%s %s", audit.getKind(), audit.getRule()).isNotNull();
      assertThat(audit.getObjectId()).as("%s %s", audit.getKind(), audit.getRule()).isNotNull();
    });
  }

  private SwarmStatus status() {
    return SwarmStatus.of(SWARM, orchestrator.world.swarms.get(SWARM), orchestrator.progress(SWARM),
        orchestrator.world.commands.values());
  }

  private AuditEvent audit(AuditKind kind, String rule) {
    return orchestrator.audits().stream().filter(a -> a.getKind() == kind && rule.equals(a.getRule())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " audit of " + rule + " in " + orchestrator.audits()));
  }

  private Secret secret(long id, String name, String data) {
    return Secret.newBuilder().setId(id).setSwarm(SWARM).setName(name)
        .setData(orchestrator.keys.sealForOrchestrator(data, SealingContext.netboxSecret(id))).build();
  }
}
