package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.Label;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.command.CreateNetwork;
import io.netboxswarm.contracts.command.CreateSecret;
import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.netbox.Container;
import io.netboxswarm.contracts.netbox.ContainerSecretMount;
import io.netboxswarm.contracts.netbox.Network;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Secret;
import io.netboxswarm.contracts.result.SecretOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * A failure is scoped to its object (fast tier, no broker): a value Docker would refuse is a violation on its
 * Secret or Container before any command; a permanent engine failure stops that object only, is journaled on it
 * once, and names it; the swarm's other work goes on.
 */
@Tag("fast")
class ScopedFailureTest extends FormedSwarmPlan {

  private static final int TOO_BIG = 600 * 1024;

  @Test
  void aSecretOverDockersLimitIsRefusedUpFrontOnTheSecretWhileAnotherIsCreated() {
    orchestrator.event(ObjectType.SECRET, 41, secret(41, "big", "x".repeat(TOO_BIG)));
    orchestrator.event(ObjectType.SECRET, 40, secret(40, "small", "fine"));

    assertThat(orchestrator.commands(1, CreateSecret.class)).singleElement()
        .satisfies(c -> assertThat(((CreateSecret) c.getAction()).getName()).isEqualTo("small"));
    AuditEvent violation = violation("docker-secret-limits");
    assertThat(violation.getObjectType()).isEqualTo("secret");
    assertThat(violation.getObjectId()).isEqualTo(41);
    assertThat(violation.getMessage()).contains("'big'", "NetBox secret 41", String.valueOf(TOO_BIG),
        "less than 512000 bytes");
    assertThat(orchestrator.journal("secret", 41)).hasSize(1);
    assertThat(orchestrator.journal("swarm", SWARM)).isEmpty();

    // A container mounting it gets no service and says why; the rest of the swarm goes on, nothing is re-reported.
    orchestrator.event(ObjectType.CONTAINER, 50, app(50, "app", 41L));
    orchestrator.event(ObjectType.NETWORK, 31, Network.newBuilder().setId(31).setHost(2L).setName("backend")
        .setDriver("overlay").build());
    assertThat(orchestrator.commands(1, CreateService.class)).isEmpty();
    assertThat(orchestrator.journal("container", 50)).singleElement()
        .satisfies(j -> assertThat(j.getBody()).contains("NetBox secret 41"));
    assertThat(orchestrator.commands(1, CreateNetwork.class)).hasSize(1);
    assertThat(orchestrator.journal("secret", 41)).hasSize(1);
    assertThat(orchestrator.progress(SWARM).blockedBy).isNull();
  }

  @Test
  void namesDockerRefusesAreViolationsOnTheirObjects() {
    orchestrator.event(ObjectType.SECRET, 42, secret(42, "-bad name", "data"));
    orchestrator.event(ObjectType.CONTAINER, 51, app(51, "web.app", null));

    assertThat(orchestrator.commands(1, CreateSecret.class)).isEmpty();
    assertThat(orchestrator.commands(1, CreateService.class)).isEmpty();
    assertThat(orchestrator.journal("secret", 42)).singleElement()
        .satisfies(j -> assertThat(j.getBody()).contains("secret name"));
    assertThat(orchestrator.journal("container", 51)).singleElement()
        .satisfies(j -> assertThat(j.getBody()).contains("'web.app'", "service name"));
    assertThat(violation("docker-service-name").getObjectId()).isEqualTo(51);
  }

  @Test
  void aPermanentEngineFailureStopsOnlyItsSecretIsJournaledOnItOnceAndAChangeToItRetries() {
    orchestrator.event(ObjectType.SECRET, 40, secret(40, "db", "one"));
    HostCommand create = orchestrator.last(1, CreateSecret.class);
    orchestrator.fail(create, "ENGINE_ERROR", "rpc error: code = InvalidArgument", false);

    assertThat(orchestrator.journal("secret", 40)).singleElement().satisfies(j -> assertThat(j.getBody())
        .contains("create-secret of secret 'db' (NetBox secret 40)", "ENGINE_ERROR", "InvalidArgument"));
    assertThat(orchestrator.journal("swarm", SWARM)).isEmpty();
    assertThat(orchestrator.progress(SWARM).blockedBy).isNull();

    // Other changes of the swarm: other work is done, the doomed create is not sent again nor re-reported.
    orchestrator.event(ObjectType.SECRET, 43, secret(43, "other", "two"));
    orchestrator.event(ObjectType.SWARM, SWARM, Events.swarm(SWARM, List.of(1L), List.of(2L, 3L)));
    assertThat(orchestrator.commands(1, CreateSecret.class)).hasSize(2);
    assertThat(orchestrator.last(1, CreateSecret.class).getAction()).extracting("name").isEqualTo("other");
    orchestrator.succeed(orchestrator.last(1, CreateSecret.class), new SecretOutcome("docker-secret-43"));
    assertThat(orchestrator.journal("secret", 40)).hasSize(1);

    // The operator changes that Secret: it is tried again, as a new command.
    orchestrator.event(ObjectType.SECRET, 40, Secret.newBuilder(secret(40, "db", "one"))
        .setLabels(List.of(new Label("fixed", "yes"))).build());
    HostCommand again = orchestrator.last(1, CreateSecret.class);
    assertThat(again.getAction()).extracting("name").isEqualTo("db");
    assertThat(again.getCommandId()).isNotEqualTo(create.getCommandId());
  }

  private AuditEvent violation(String rule) {
    return orchestrator.audits().stream().filter(a -> a.getKind() == AuditKind.VIOLATION && rule.equals(a.getRule()))
        .findFirst().orElseThrow(() -> new AssertionError("no " + rule + " violation"));
  }

  private Secret secret(long id, String name, String data) {
    return Secret.newBuilder().setId(id).setSwarm(SWARM).setName(name)
        .setData(orchestrator.keys.sealForOrchestrator(data, SealingContext.netboxSecret(id))).build();
  }

  private static Container app(long id, String name, Long secret) {
    return Container.newBuilder(RulesTest.container(id, 2, name)).setSecretMounts(secret == null ? List.of()
        : List.of(ContainerSecretMount.newBuilder().setSecret(secret).setSecretName("big").build())).build();
  }
}
