package io.netboxswarm.orchestrator;

import static io.netboxswarm.orchestrator.AdmissionTest.containerOf;
import static io.netboxswarm.orchestrator.AdmissionTest.withBind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.MountType;
import io.netboxswarm.contracts.command.UpdateService;
import io.netboxswarm.contracts.netbox.Container;
import io.netboxswarm.contracts.netbox.ImageRef;
import io.netboxswarm.orchestrator.rules.Rule;
import io.netboxswarm.testkit.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admission policy as an operator opens it: binds read-write under one directory and read-only under another,
 * images only pinned by digest or from one registry.
 */
@ExtendWith(Platform.class)
class AdmissionSettingsTest extends Scenario {

  static final long SWARM = 21;
  static final String IMAGE_ID = "sha256:" + "0123456789abcdef".repeat(4);

  @Override
  Map<String, Object> settings(Path stateDir) {
    Map<String, Object> settings = super.settings(stateDir);
    // the same variables as the agents'
    settings.put("NETBOX_SWARM_ADMISSION_BIND_PREFIXES", "rw:" + tmp.resolve("data") + "," + tmp.resolve("conf"));
    settings.put("NETBOX_SWARM_ADMISSION_ALLOWED_IMAGES", "sha256,registry.example.com/");
    return settings;
  }

  @AfterEach
  void netboxReceivedOnlyWhatItAccepts() {
    assertThat(netbox.unmatched()).isEmpty();
  }

  static Container container(long id, String name, ImageRef image) {
    return Container.newBuilder(RulesTest.container(id, 4, name)).setImage(image).build();
  }

  static Container pinned(long id, String name) {
    return container(id, name, ImageRef.newBuilder().setId(1).setName("busybox").setVersion("latest")
        .setImageId(IMAGE_ID).build());
  }

  @Test
  void whatTheSettingsAllowRunsAndTheRestIsRefusedOnItsContainer() {
    formSwarm(SWARM, List.of(3L), List.of(4L));
    String data = tmp.resolve("data").toString();
    String conf = tmp.resolve("conf").toString();

    events.container(withBind(pinned(80, "writer"), data + "/app/", false));
    HostCommand writer = agents.await(3, CreateService.class, c -> containerOf(c.getSpec()) == 80);
    assertThat(((CreateService) writer.getAction()).getSpec().getMounts()).singleElement().satisfies(m -> {
      assertThat(m.getType()).isEqualTo(MountType.BIND);
      assertThat(m.getReadOnly()).isFalse();
    });

    Map<Long, String> refused = Map.of(
        81L, "BIND_READ_WRITE",
        82L, "BIND_PARENT_SEGMENT",
        83L, "IMAGE_NOT_ALLOWED",
        85L, "BIND_NOT_ALLOWED");
    events.container(withBind(pinned(81, "conf-writer"), conf + "/app", false));
    events.container(withBind(pinned(82, "escape"), data + "/../../etc", true));
    events.container(container(83, "unpinned", ImageRef.newBuilder().setId(2).setName("busybox").setVersion("1.36")
        .build()));
    events.container(withBind(pinned(85, "neighbour"), data + "base", true));
    for (var r : refused.entrySet()) {
      var violation = audit.await(AuditKind.VIOLATION, Rule.ADMISSION_POLICY.id(),
          e -> e.getObjectId() != null && e.getObjectId() == r.getKey());
      assertThat(violation.getMessage()).contains(r.getValue());
      assertThat(netbox.awaitJournal("container", r.getKey()).path("comments").asString()).contains(r.getValue());
    }
    assertThat(audit.of(AuditKind.VIOLATION, Rule.ADMISSION_POLICY.id()).stream()
        .filter(e -> e.getObjectId() == 83).findFirst().orElseThrow().getMessage())
        .contains("docker.io/library/busybox", "registry.example.com/");

    events.container(withBind(container(84, "from-registry", ImageRef.newBuilder().setId(3)
        .setName("registry.example.com/team/app").setVersion("1").build()), conf, true));
    HostCommand fromRegistry = agents.await(3, CreateService.class, c -> containerOf(c.getSpec()) == 84);
    assertThat(((CreateService) fromRegistry.getAction()).getSpec().getImage())
        .isEqualTo("registry.example.com/team/app:1");
    assertThat(agents.received()).noneMatch(c -> (c.getAction() instanceof CreateService s
        && refused.containsKey(containerOf(s.getSpec()))) || (c.getAction() instanceof UpdateService u
        && refused.containsKey(containerOf(u.getSpec()))));
  }

  @Test
  void aPrefixThatWouldOpenTheWholeHostStopsTheStart() throws Exception {
    Map<String, Object> settings = settings(Files.createDirectories(tmp.resolve("other-state")));
    settings.put("netbox-swarm.orchestrator.application-id", applicationId + "-refused");
    settings.put("NETBOX_SWARM_ADMISSION_BIND_PREFIXES", "rw:/");
    assertThatThrownBy(() -> OrchestratorRun.start(settings))
        .hasStackTraceContaining(io.netboxswarm.contracts.admission.AdmissionPolicy.BINDS_SETTING + " / ")
        .hasStackTraceContaining("bind prefix '/' would allow binding the whole host");
  }
}
