package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.command.CreateSecret;
import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.RemoveSecret;
import io.netboxswarm.contracts.command.ServiceSecret;
import io.netboxswarm.contracts.command.UpdateService;
import io.netboxswarm.contracts.netbox.Container;
import io.netboxswarm.contracts.netbox.ContainerSecretMount;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Secret;
import io.netboxswarm.contracts.result.SecretOutcome;
import io.netboxswarm.contracts.result.ServiceOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * A Secret's data changed in NetBox (fast tier, no broker): Docker secrets are immutable, so the new data becomes a
 * new versioned Docker secret, the services mounting it move to it at the same path, and the old one is removed
 * once no service mounts it.
 */
@Tag("fast")
class SecretRotationPlanTest extends FormedSwarmPlan {

  @Test
  void newDataBecomesANewDockerSecretTheServiceMovesToAndTheOldOneIsRemovedAfter() {
    orchestrator.event(ObjectType.SECRET, 40, secret("first"));
    HostCommand create = orchestrator.last(1, CreateSecret.class);
    assertThat(((CreateSecret) create.getAction()).getName()).isEqualTo("db");
    orchestrator.succeed(create, new SecretOutcome("docker-secret-1"));
    orchestrator.event(ObjectType.CONTAINER, 50, app());
    HostCommand service = orchestrator.last(1, CreateService.class);
    assertThat(mountOf(service)).extracting(ServiceSecret::getSecretName, ServiceSecret::getTarget)
        .containsExactly("db", "db");
    orchestrator.succeed(service, new ServiceOutcome("svc-1"));

    orchestrator.event(ObjectType.SECRET, 40, secret("second"));

    HostCommand rotate = orchestrator.last(1, CreateSecret.class);
    CreateSecret version2 = (CreateSecret) rotate.getAction();
    assertThat(version2.getName()).isEqualTo("db-v2");
    assertThat(orchestrator.keys.openAsHost(1, version2.getData(), SealingContext.dockerSecret(1, "db-v2")))
        .isEqualTo("second");
    orchestrator.succeed(rotate, new SecretOutcome("docker-secret-2"));

    HostCommand update = orchestrator.last(1, UpdateService.class);
    ServiceSecret moved = ((UpdateService) update.getAction()).getSpec().getSecrets().get(0);
    assertThat(moved.getSecretName()).isEqualTo("db-v2");
    assertThat(moved.getSecretId()).isEqualTo("docker-secret-2");
    assertThat(moved.getTarget()).as("the same file in the task").isEqualTo("db");
    assertThat(orchestrator.commands(1, RemoveSecret.class)).as("the service still mounts the old one").isEmpty();

    orchestrator.succeed(update, new ServiceOutcome("svc-1"));
    HostCommand remove = orchestrator.last(1, RemoveSecret.class);
    assertThat(((RemoveSecret) remove.getAction()).getName()).isEqualTo("db");
    orchestrator.succeed(remove, new SecretOutcome("docker-secret-1"));
    assertThat(orchestrator.progress(SWARM).retiredSecrets).isEmpty();
    assertThat(orchestrator.progress(SWARM).secretIds.get(40L).name()).isEqualTo("db-v2");
  }

  @Test
  void aVersionMadeAfterTheNextWasPlannedIsRemovedToo() {
    orchestrator.event(ObjectType.SECRET, 40, secret("first"));
    HostCommand first = orchestrator.last(1, CreateSecret.class);
    orchestrator.event(ObjectType.SECRET, 40, secret("second"));
    HostCommand second = orchestrator.last(1, CreateSecret.class);
    assertThat(((CreateSecret) second.getAction()).getName()).isEqualTo("db-v2");

    orchestrator.succeed(first, new SecretOutcome("docker-secret-1"));
    orchestrator.succeed(second, new SecretOutcome("docker-secret-2"));

    HostCommand remove = orchestrator.last(1, RemoveSecret.class);
    assertThat(((RemoveSecret) remove.getAction()).getName()).as("the first version, made too late").isEqualTo("db");
    orchestrator.succeed(remove, new SecretOutcome("docker-secret-1"));
    assertThat(orchestrator.progress(SWARM).retiredSecrets).isEmpty();
    assertThat(orchestrator.progress(SWARM).secretIds.get(40L).name()).isEqualTo("db-v2");
  }

  @Test
  void aSecretMadeAfterItsDeletionIsRemoved() {
    orchestrator.event(ObjectType.SECRET, 40, secret("first"));
    HostCommand create = orchestrator.last(1, CreateSecret.class);
    orchestrator.event(ObjectType.SECRET, 40, null);

    orchestrator.succeed(create, new SecretOutcome("docker-secret-1"));

    HostCommand remove = orchestrator.last(1, RemoveSecret.class);
    assertThat(remove).as("a RemoveSecret is sent").isNotNull();
    assertThat(((RemoveSecret) remove.getAction()).getName()).isEqualTo("db");
  }

  @Test
  void theSameDataSealedAgainIsNoNewVersion() {
    orchestrator.event(ObjectType.SECRET, 40, secret("first"));
    orchestrator.succeed(orchestrator.last(1, CreateSecret.class), new SecretOutcome("docker-secret-1"));

    orchestrator.event(ObjectType.SECRET, 40, secret("first"));

    assertThat(orchestrator.commands(1, CreateSecret.class)).hasSize(1);
    assertThat(orchestrator.commands(1, RemoveSecret.class)).isEmpty();
  }

  private Secret secret(String data) {
    return Secret.newBuilder().setId(40).setSwarm(SWARM).setName("db")
        .setData(orchestrator.keys.sealForOrchestrator(data, SealingContext.netboxSecret(40))).build();
  }

  private static Container app() {
    return Container.newBuilder(RulesTest.container(50, 2, "app"))
        .setSecretMounts(List.of(ContainerSecretMount.newBuilder().setSecret(40).setSecretName("db").build()))
        .build();
  }

  private static ServiceSecret mountOf(HostCommand command) {
    return ((CreateService) command.getAction()).getSpec().getSecrets().get(0);
  }
}
