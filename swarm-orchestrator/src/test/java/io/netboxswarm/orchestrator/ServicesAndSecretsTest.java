package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netboxswarm.contracts.Label;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.command.CreateNetwork;
import io.netboxswarm.contracts.command.CreateSecret;
import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.EndpointMode;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.MountType;
import io.netboxswarm.contracts.command.RemoveService;
import io.netboxswarm.contracts.command.RestartCondition;
import io.netboxswarm.contracts.command.ServiceSecret;
import io.netboxswarm.contracts.command.ServiceSpec;
import io.netboxswarm.contracts.command.UpdateService;
import io.netboxswarm.contracts.netbox.Container;
import io.netboxswarm.contracts.netbox.ContainerSecretMount;
import io.netboxswarm.contracts.netbox.EnvVar;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.Network;
import io.netboxswarm.contracts.netbox.NetworkAttachment;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Secret;
import io.netboxswarm.contracts.netbox.VolumeMount;
import io.netboxswarm.contracts.result.NetworkOutcome;
import io.netboxswarm.contracts.result.SecretOutcome;
import io.netboxswarm.contracts.result.ServiceOutcome;
import io.netboxswarm.testkit.Platform;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rule 7 to 10 on a formed swarm: a Secret created on a manager and sealed for it alone, an overlay network created
 * on a manager, and a container on a worker run as a one-replica service pinned to the worker's node, with its
 * secret mounts, network, mounts, env, labels, command and restart policy; changed, then deleted.
 */
@ExtendWith(Platform.class)
class ServicesAndSecretsTest extends Scenario {

  private static final long SWARM = 5;
  private static final String SECRET = "p4ss-\u00e9-" + System.nanoTime();

  @Test
  void aContainerOnAWorkerBecomesAPinnedServiceWithItsSecretAndNetwork() {
    formSwarm(SWARM, List.of(1L), List.of(4L));

    NetboxEvent created = events.secret(Secret.newBuilder().setId(40).setSwarm(SWARM).setName("db-password")
        .setData(keys.sealForOrchestrator(SECRET, SealingContext.netboxSecret(40)))
        .setLabels(List.of(new Label("team", "platform"))).build());
    HostCommand createSecret = agents.await(1, CreateSecret.class);
    // An auditor reading swarm.audit alone learns what, on which object, and whose change it was.
    AuditEvent issued = audit.await(AuditKind.COMMAND_ISSUED, "create-secret");
    assertThat(issued.getObjectType()).isEqualTo("secret");
    assertThat(issued.getObjectId()).isEqualTo(40L);
    assertThat(issued.getUser()).isEqualTo(created.getUser()).isNotNull();
    assertThat(issued.getRequestId()).isEqualTo(created.getRequestId()).isNotNull();
    CreateSecret secret = (CreateSecret) createSecret.getAction();
    assertThat(secret.getName()).isEqualTo("db-password");
    assertThat(secret.getLabels()).containsEntry("team", "platform").containsEntry("io.netboxswarm.secret-id", "40");
    assertThat(secret.getData().getRecipient()).isEqualTo("host-1");
    assertThat(keys.openAsHost(1, secret.getData(), SealingContext.dockerSecret(1, "db-password")))
        .isEqualTo(SECRET);
    agents.succeed(createSecret, new SecretOutcome("docker-secret-1"));
    assertThat(audit.await(AuditKind.COMMAND_OUTCOME, "create-secret")).satisfies(outcome -> {
      assertThat(outcome.getObjectId()).isEqualTo(40L);
      assertThat(outcome.getRequestId()).isEqualTo(created.getRequestId());
    });
    netbox.await("PATCH", "/api/plugins/docker/secrets/40/",
        b -> b.path("SecretID").asString().equals("docker-secret-1") && b.size() == 1);

    // The network is on the worker in NetBox; only a manager can create an overlay network.
    events.network(Network.newBuilder().setId(31).setHost(4L).setName("backend").setDriver("overlay")
        .setState("creating").build());
    HostCommand createNetwork = agents.await(1, CreateNetwork.class);
    assertThat(((CreateNetwork) createNetwork.getAction()).getAttachable()).isTrue();
    agents.succeed(createNetwork, new NetworkOutcome("docker-net-1"));

    Container app = app("v1");
    events.container(app);
    HostCommand createService = agents.await(1, CreateService.class);
    ServiceSpec spec = ((CreateService) createService.getAction()).getSpec();
    assertThat(spec.getName()).isEqualTo("app");
    assertThat(spec.getImage()).isEqualTo("sha256:feedfacecafe");
    assertThat(spec.getReplicas()).isEqualTo(1);
    assertThat(spec.getPlacementConstraints()).containsExactly("node.id==" + nodeId(4));
    assertThat(spec.getEndpointMode()).isEqualTo(EndpointMode.DNSRR);
    assertThat(spec.getNetworks()).containsExactly("backend");
    assertThat(spec.getCommand()).containsExactly("sleep", "3600");
    assertThat(spec.getEnv()).containsExactly("MODE=v1", "EMPTY=");
    assertThat(spec.getLabels()).containsEntry("tier", "web").containsEntry("io.netboxswarm.container-id", "50");
    assertThat(spec.getRestartPolicy().getCondition()).isEqualTo(RestartCondition.ON_FAILURE);
    assertThat(spec.getMounts()).singleElement().satisfies(m -> {
      assertThat(m.getType()).isEqualTo(MountType.VOLUME);
      assertThat(m.getSource()).isEqualTo("app-data");
      assertThat(m.getTarget()).isEqualTo("/data");
    });
    ServiceSecret mounted = spec.getSecrets().get(0);
    assertThat(spec.getSecrets()).hasSize(1);
    assertThat(mounted.getSecretName()).isEqualTo("db-password");
    assertThat(mounted.getSecretId()).isEqualTo("docker-secret-1");
    assertThat(mounted.getTarget()).isEqualTo("db");
    assertThat(mounted.getUid()).isEqualTo("1000");
    assertThat(mounted.getGid()).isEqualTo("1000");
    assertThat(mounted.getMode()).isEqualTo(0400);
    assertThat(agents.to(4)).as("the worker itself gets only its join").hasSize(1);

    agents.succeed(createService, new ServiceOutcome("svc-1"));
    netbox.await("PATCH", "/api/plugins/docker/containers/50/",
        b -> b.path("custom_fields").path("swarm_service_id").asString().equals("svc-1"));

    // NetBox echoes the write-back: same container, now with its service id. Nothing is sent again.
    Container echo = Container.newBuilder(app).setServiceId("svc-1").build();
    events.send(EventKind.UPDATED, ObjectType.CONTAINER, 50, app, echo);
    agents.assertQuiet(Duration.ofSeconds(1), 1);
    assertThat(agents.count(1, UpdateService.class)).isZero();

    // A change to the container updates the service.
    Container v2 = app("v2");
    events.send(EventKind.UPDATED, ObjectType.CONTAINER, 50, echo, v2);
    HostCommand update = agents.await(1, UpdateService.class);
    assertThat(((UpdateService) update.getAction()).getSpec().getEnv()).contains("MODE=v2");
    agents.succeed(update, new ServiceOutcome("svc-1"));

    events.containerDeleted(v2);
    HostCommand remove = agents.await(1, RemoveService.class);
    assertThat(((RemoveService) remove.getAction()).getName()).isEqualTo("app");
    agents.succeed(remove, null);
    awaitServices(0);
  }

  @Test
  void aServiceResultThatArrivesAfterANewerOneIsNotApplied() {
    formSwarm(SWARM, List.of(1L), List.of(4L));
    events.container(Container.newBuilder(app("v1")).setSecretMounts(List.of()).setNetworkSettings(List.of())
        .build());
    HostCommand first = agents.await(1, CreateService.class);
    events.container(Container.newBuilder(app("v2")).setSecretMounts(List.of()).setNetworkSettings(List.of())
        .build());
    HostCommand second = agents.await(1, CreateService.class, c -> c.getSpec().getEnv().contains("MODE=v2"));
    assertThat(second.getCommandId()).isNotEqualTo(first.getCommandId());

    // The newer command answers first; the older one's late answer must not win.
    agents.succeed(second, new ServiceOutcome("svc-v2"));
    agents.succeed(first, new ServiceOutcome("svc-v1"));
    awaitServices(1);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofMillis(1500)).untilAsserted(() -> assertThat(
        orchestrator.swarmStatus(SWARM).path("services").path("50").asString())
        .as("service of container 50 after the late older answer").isEqualTo("svc-v2"));
  }

  private void awaitServices(int count) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var status = orchestrator.swarmStatus(SWARM);
      assertThat(status.path("services").size()).as("services of swarm %d: %s", SWARM, status).isEqualTo(count);
    });
  }

  private static Container app(String mode) {
    return Container.newBuilder(RulesTest.container(50, 4, "app"))
        .setImage(io.netboxswarm.contracts.netbox.ImageRef.newBuilder().setId(3).setName("app").setVersion("1")
            .setImageId("sha256:feedfacecafe").build())
        .setRestartPolicy("on-failure")
        .setEnv(List.of(new EnvVar("MODE", mode), new EnvVar("EMPTY", null)))
        .setLabels(List.of(new Label("tier", "web")))
        .setMounts(List.of(VolumeMount.newBuilder().setSource("/data").setVolume(9L).setVolumeName("app-data")
            .build()))
        .setNetworkSettings(List.of(NetworkAttachment.newBuilder().setNetwork(31).setName("backend")
            .setDriver("overlay").build()))
        .setSecretMounts(List.of(ContainerSecretMount.newBuilder().setSecret(40).setSecretName("db-password")
            .setTarget("db").setUid("1000").setGid("1000").setMode(0400).build()))
        .build();
  }

}
