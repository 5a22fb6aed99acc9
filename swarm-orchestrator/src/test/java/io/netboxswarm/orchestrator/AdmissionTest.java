package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.MountType;
import io.netboxswarm.contracts.command.RemoveService;
import io.netboxswarm.contracts.command.ServiceSpec;
import io.netboxswarm.contracts.command.UpdateService;
import io.netboxswarm.contracts.netbox.Bind;
import io.netboxswarm.contracts.netbox.Container;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.VolumeMount;
import io.netboxswarm.contracts.result.ServiceOutcome;
import io.netboxswarm.orchestrator.rules.Rule;
import io.netboxswarm.testkit.Platform;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The admission policy with its defaults (no bind at all, any image): a Container that would bind the host's root
 * is a violation on that Container (audit, danger journal entry, reported once) and gets no service command, while
 * the other containers of the swarm get theirs. Commands to one host and NetBox writes are each in order, so a
 * command or write for a later event is proof that none came for the earlier one.
 */
@ExtendWith(Platform.class)
class AdmissionTest extends Scenario {

  static final long SWARM = 20;

  @AfterEach
  void netboxReceivedOnlyWhatItAccepts() {
    assertThat(netbox.unmatched()).isEmpty();
  }

  @Test
  void aContainerBindingTheHostRootGetsNoServiceWhileItsNeighbourIsCreated() {
    formSwarm(SWARM, List.of(1L), List.of(2L));

    Container evil = withBind(RulesTest.container(70, 2, "evil"), "/", false);
    events.container(evil);
    AuditEvent violation = audit.await(AuditKind.VIOLATION, Rule.ADMISSION_POLICY.id(),
        e -> e.getObjectId() != null && e.getObjectId() == 70);
    assertThat(violation.getSeverity()).isEqualTo(Severity.DANGER);
    assertThat(violation.getObjectType()).isEqualTo("container");
    assertThat(violation.getHostId()).isEqualTo(2);
    assertThat(violation.getCausationId()).startsWith("evt-");
    assertThat(violation.getMessage()).contains("container 'evil'", "'/'", "whole file system", "BIND_ROOT");
    JsonNode journal = netbox.awaitJournal("container", 70);
    assertThat(journal.path("kind").asString()).isEqualTo("danger");
    assertThat(journal.path("comments").asString()).contains("admission policy", "BIND_ROOT", "[admission-policy]");

    // The container changes and still binds the root: planned again, reported once while it lasts.
    events.send(EventKind.UPDATED, ObjectType.CONTAINER, 70, evil, Container.newBuilder(evil)
        .setCmd(List.of("sleep", "7200")).build());

    Container good = Container.newBuilder(RulesTest.container(71, 2, "good")).setMounts(List.of(
        VolumeMount.newBuilder().setSource("/data").setVolumeName("good-data").build())).build();
    events.container(good);
    HostCommand create = agents.await(1, CreateService.class, c -> containerOf(c.getSpec()) == 71);
    assertThat(((CreateService) create.getAction()).getSpec().getMounts()).singleElement()
        .satisfies(m -> assertThat(m.getType()).isEqualTo(MountType.VOLUME));
    assertThat(serviceCommandsFor(70)).as("no service command for the refused container").isEmpty();

    agents.succeed(create, new ServiceOutcome("svc-71"));
    netbox.await("PATCH", "/api/plugins/docker/containers/71/",
        b -> b.path("custom_fields").path("swarm_service_id").asString().equals("svc-71"));
    assertThat(netbox.journalOn("container", 70)).as("one journal entry while the violation lasts").hasSize(1);
    assertThat(audit.of(AuditKind.VIOLATION, Rule.ADMISSION_POLICY.id())).hasSize(1);
    assertThat(netbox.journalOn("container", 71)).isEmpty();
  }

  @Test
  void aRunningContainerEditedToBindTheDockerSocketKeepsItsServiceUnchanged() {
    formSwarm(SWARM, List.of(1L), List.of(2L));
    Container app = RulesTest.container(72, 2, "app");
    events.container(app);
    HostCommand create = agents.await(1, CreateService.class, c -> containerOf(c.getSpec()) == 72);
    agents.succeed(create, new ServiceOutcome("svc-72"));
    netbox.await("PATCH", "/api/plugins/docker/containers/72/",
        b -> b.path("custom_fields").path("swarm_service_id").asString().equals("svc-72"));

    Container edited = withBind(Container.newBuilder(app).setServiceId("svc-72").build(), "/var/run/docker.sock",
        true);
    events.send(EventKind.UPDATED, ObjectType.CONTAINER, 72, app, edited);
    AuditEvent violation = audit.await(AuditKind.VIOLATION, Rule.ADMISSION_POLICY.id(),
        e -> e.getObjectId() != null && e.getObjectId() == 72);
    assertThat(violation.getMessage()).contains("Docker socket", "BIND_DOCKER_SOCKET", "left as it is");
    assertThat(netbox.awaitJournal("container", 72).path("kind").asString()).isEqualTo("danger");

    events.container(RulesTest.container(73, 2, "next"));
    agents.await(1, CreateService.class, c -> containerOf(c.getSpec()) == 73);
    assertThat(serviceCommandsFor(72)).as("the service of the refused container is neither updated nor removed")
        .containsExactly(create);
    assertThat(agents.received()).noneMatch(c -> c.getAction() instanceof RemoveService);
  }

  static Container withBind(Container container, String hostPath, boolean readOnly) {
    return Container.newBuilder(container).setBinds(List.of(Bind.newBuilder().setHostPath(hostPath)
        .setContainerPath("/host").setReadOnly(readOnly).build())).build();
  }

  static long containerOf(ServiceSpec spec) {
    return Long.parseLong(spec.getLabels().get("io.netboxswarm.container-id"));
  }

  List<HostCommand> serviceCommandsFor(long containerId) {
    return agents.received().stream().filter(c -> (c.getAction() instanceof CreateService s
        && containerOf(s.getSpec()) == containerId) || (c.getAction() instanceof UpdateService u
        && containerOf(u.getSpec()) == containerId)).toList();
  }

}
