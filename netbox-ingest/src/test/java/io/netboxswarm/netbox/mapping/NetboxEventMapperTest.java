package io.netboxswarm.netbox.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.netboxswarm.contracts.Label;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.netbox.Container;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.Host;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.Network;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Secret;
import io.netboxswarm.contracts.netbox.SecretMount;
import io.netboxswarm.contracts.netbox.Swarm;
import io.netboxswarm.ingest.Fixture;
import io.netboxswarm.ingest.TestKeys;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.Sealer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Every fixture of fixtures/netbox-webhooks mapped, field by field; the body formats of NetBox 4.0 to 4.6. */
class NetboxEventMapperTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String WORKER_TOKEN =
      "SWMTKN-1-4g0exampleexampleexampleexampleexampleexample0001-1awxwuwd3z9j1z3puu7rcgdbx";
  static final String MANAGER_TOKEN =
      "SWMTKN-1-4g0exampleexampleexampleexampleexampleexample0001-7p73s1dx5in4tatdymyhg9hu2";

  final NetboxEventMapper mapper = new NetboxEventMapper(new OrchestratorSealer(Sealer.forRecipient(
      SealingContext.ORCHESTRATOR, Keysets.parsePublic(readPublicKeyset(), "test"))));

  static String readPublicKeyset() {
    try {
      return java.nio.file.Files.readString(TestKeys.orchestratorPublicKeysetFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static final Set<String> TESTED = Set.of("host_created", "container_created", "container_updated",
      "container_updated_agent_writeback", "container_deleted", "network_created", "container_on_swarm_host_created",
      "network_overlay_created", "secret_created", "secret_created_with_data_variant", "secretmount_created",
      "swarm_created", "swarm_updated_initialized_by_agent", "swarm_updated_nodes_added",
      "swarm_updated_nodes_removed");

  @Test
  void everyFixtureIsTestedHereAndMaps() {
    assertThat(Fixture.all().stream().map(Fixture::name).collect(Collectors.toSet())).isEqualTo(TESTED);
    for (Fixture fixture : Fixture.all()) {
      assertThat(map(fixture.wire())).as(fixture.name()).isInstanceOf(MappedWebhook.Event.class);
    }
  }

  @Test
  void hostCreated_losesCredentialsAndToken() {
    MappedWebhook.Event e = event("host_created");
    assertThat(e.key()).isEqualTo("host:1");
    assertEnvelope(e.event(), EventKind.CREATED, ObjectType.HOST, 1, "2026-08-22T09:00:03.601Z", "admin",
        "17af32f0-852a-46ca-a7d4-33ecd0c13de6");
    assertThat(e.event().getBefore()).isNull();
    Host host = (Host) e.event().getAfter();
    assertThat(host.getId()).isEqualTo(1);
    assertThat(host.getName()).isEqualTo("docker-host-01");
    assertThat(host.getEndpoint()).isEqualTo("https://10.0.0.11:1880");
    assertThat(host.getState()).isEqualTo("created");
    assertThat(host.getOperation()).isEqualTo("none");
    assertThat(host.getAgentVersion()).isNull();
    assertThat(host.getDockerApiVersion()).isNull();
    assertThat(host.getSwarmNodeId()).isNull();
    assertThat(host.getSwarmRole()).isNull();
    assertThat(host.getTags()).isEmpty();
    assertThat(host.toString()).doesNotContain("Agent-Pass-1", "q9XvL2mN7rT4wY8zB1cD5fG3hJ6kP0sU2aE4iO7u",
        "Ab3dEf6hIj9k");
  }

  @Test
  void containerCreated_keepsEveryNestedList() {
    MappedWebhook.Event e = event("container_created");
    assertThat(e.key()).isEqualTo("container:12");
    assertEnvelope(e.event(), EventKind.CREATED, ObjectType.CONTAINER, 12, "2026-08-22T09:02:00.601Z", "admin",
        "3f1c2a9e-6d41-4b7e-9a0c-2b8f5e7d1c44");
    assertThat(e.event().getBefore()).isNull();
    Container c = (Container) e.event().getAfter();
    assertThat(c.getId()).isEqualTo(12);
    assertThat(c.getHost()).isEqualTo(1L);
    assertThat(c.getImage().getId()).isEqualTo(3);
    assertThat(c.getImage().getName()).isEqualTo("nginx");
    assertThat(c.getImage().getVersion()).isEqualTo("1.27-alpine");
    assertThat(c.getImage().getImageId())
        .isEqualTo("sha256:fed7e452f8e58ec579d2bd62e946a345e892bf0e634b7bd381a7331bcdd82190");
    assertThat(c.getImage().getDigest())
        .isEqualTo("sha256:bde0ba04b964a251c997880114992618b221b3b5e0e6255b0ac3ef53dc8b8c5a");
    assertThat(c.getName()).isEqualTo("web-01");
    assertThat(c.getState()).isEqualTo("none");
    assertThat(c.getOperation()).isEqualTo("create");
    assertThat(c.getStatus()).isNull();
    assertThat(c.getContainerId()).isNull();
    assertThat(c.getHostname()).isEqualTo("web-01");
    assertThat(c.getRestartPolicy()).isEqualTo("unless-stopped");
    assertThat(c.getCapAdd()).isNull();
    assertThat(c.getCmd()).isNull();
    assertThat(c.getLogDriver()).isNull();
    assertThat(c.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPublicPort()).isEqualTo(8080);
      assertThat(p.getPrivatePort()).isEqualTo(80);
      assertThat(p.getType()).isEqualTo("tcp");
    });
    assertThat(c.getEnv()).singleElement().satisfies(v -> {
      assertThat(v.getName()).isEqualTo("TZ");
      assertThat(v.getValue()).isEqualTo("Europe/Paris");
    });
    assertThat(c.getLabels()).containsExactly(new Label("com.example.team", "web"));
    assertThat(c.getMounts()).singleElement().satisfies(m -> {
      assertThat(m.getSource()).isEqualTo("/usr/share/nginx/html");
      assertThat(m.getVolume()).isEqualTo(2L);
      assertThat(m.getVolumeName()).isEqualTo("web-data");
      assertThat(m.getVolumeDriver()).isEqualTo("local");
      assertThat(m.getReadOnly()).isFalse();
    });
    assertThat(c.getBinds()).singleElement().satisfies(b -> {
      assertThat(b.getHostPath()).isEqualTo("/srv/nginx/conf.d");
      assertThat(b.getContainerPath()).isEqualTo("/etc/nginx/conf.d");
      assertThat(b.getReadOnly()).isTrue();
    });
    assertThat(c.getNetworkSettings()).singleElement().satisfies(n -> {
      assertThat(n.getNetwork()).isEqualTo(4);
      assertThat(n.getName()).isEqualTo("frontend");
      assertThat(n.getDriver()).isEqualTo("bridge");
      assertThat(n.getNetworkId()).isEqualTo("be51df673057f7a8eb3c593de5adeff8bfa188e929023e2661ddddd05da4921b");
    });
    assertThat(c.getSecretMounts()).isEmpty();
    assertThat(c.getServiceId()).isNull();
    assertThat(c.getTags()).isEmpty();
  }

  @Test
  void containerUpdated_beforeIsThePrechangeRow() {
    MappedWebhook.Event e = event("container_updated");
    NetboxEvent event = e.event();
    assertThat(event.getKind()).isEqualTo(EventKind.UPDATED);
    assertThat(event.getObjectId()).isEqualTo(12);
    Container before = (Container) event.getBefore();
    Container after = (Container) event.getAfter();
    JsonNode body = JSON.readTree(Fixture.named("container_updated").wire());
    JsonNode pre = body.get("snapshots").get("prechange");
    JsonNode data = body.get("data");
    assertThat(before.getId()).isEqualTo(12);
    assertThat(before.getHost()).isEqualTo(pre.get("host").longValue());
    assertThat(before.getImage().getId()).isEqualTo(pre.get("image").longValue());
    assertThat(before.getImage().getName()).isNull();
    assertThat(before.getState()).isEqualTo(pre.get("state").stringValue());
    assertThat(before.getOperation()).isEqualTo(pre.get("operation").stringValue());
    assertThat(before.getContainerId()).isEqualTo(textOrNull(pre.get("ContainerID")));
    assertThat(before.getPorts()).isEmpty();
    assertThat(before.getEnv()).isEmpty();
    assertThat(after.getState()).isEqualTo(data.get("state").stringValue());
    assertThat(after.getOperation()).isEqualTo(data.get("operation").stringValue());
    assertThat(after.getStatus()).isEqualTo(textOrNull(data.get("status")));
    assertThat(after.getContainerId()).isEqualTo(textOrNull(data.get("ContainerID")));
    assertThat(after.getEnv()).hasSize(data.get("env").size());
    assertThat(after.getPorts()).hasSize(data.get("ports").size());
    assertThat(after.getLogDriver()).isEqualTo(textOrNull(data.get("log_driver")));
  }

  @Test
  void containerUpdatedAgentWriteback_keepsTheImageEnvAndUser() {
    NetboxEvent event = event("container_updated_agent_writeback").event();
    JsonNode data = JSON.readTree(Fixture.named("container_updated_agent_writeback").wire()).get("data");
    Container after = (Container) event.getAfter();
    assertThat(event.getUser()).isEqualTo("admin");
    assertThat(after.getOperation()).isEqualTo("none");
    assertThat(after.getEnv()).extracting(v -> v.getName())
        .containsExactlyElementsOf(data.get("env").values().stream().map(v -> v.get("var_name").stringValue()).toList());
    assertThat(after.getContainerId()).isEqualTo(data.get("ContainerID").stringValue());
    assertThat(event.getBefore()).isInstanceOf(Container.class);
  }

  @Test
  void containerDeleted_beforeIsTheDeletedObject() {
    MappedWebhook.Event e = event("container_deleted");
    assertEnvelope(e.event(), EventKind.DELETED, ObjectType.CONTAINER, 12, "2026-08-22T09:15:05.601Z", "admin",
        "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e");
    assertThat(e.event().getAfter()).isNull();
    Container before = (Container) e.event().getBefore();
    assertThat(before.getContainerId()).isEqualTo("ffc83211301b86840f01476b291561dc2b7fb3c67f9667c40a695d78644de194");
    assertThat(before.getState()).isEqualTo("exited");
    assertThat(before.getStatus()).isEqualTo("na");
    assertThat(before.getLogDriver()).isEqualTo("json-file");
    assertThat(before.getEnv()).extracting(v -> v.getName()).containsExactly("NGINX_VERSION", "PATH", "TZ");
    assertThat(before.getHost()).isEqualTo(1L);
  }

  @Test
  void networkCreated() {
    MappedWebhook.Event e = event("network_created");
    assertThat(e.key()).isEqualTo("network:5");
    assertEnvelope(e.event(), EventKind.CREATED, ObjectType.NETWORK, 5, "2026-08-22T09:03:20.601Z", "admin",
        "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9");
    Network n = (Network) e.event().getAfter();
    assertThat(n.getId()).isEqualTo(5);
    assertThat(n.getHost()).isEqualTo(1L);
    assertThat(n.getName()).isEqualTo("backend");
    assertThat(n.getDriver()).isEqualTo("bridge");
    assertThat(n.getNetworkId()).isNull();
    assertThat(n.getState()).isEqualTo("creating");
    assertThat(n.getTags()).isEmpty();
  }

  @Test
  void networkOverlayCreated() {
    Network n = (Network) event("network_overlay_created").event().getAfter();
    assertThat(n.getId()).isEqualTo(6);
    assertThat(n.getName()).isEqualTo("app-overlay");
    assertThat(n.getDriver()).isEqualTo("overlay");
    assertThat(n.getState()).isEqualTo("creating");
  }

  @Test
  void containerOnSwarmHostCreated_carriesSecretMountsAndOverlay() {
    MappedWebhook.Event e = event("container_on_swarm_host_created");
    assertThat(e.key()).isEqualTo("container:20");
    Container c = (Container) e.event().getAfter();
    assertThat(c.getHost()).isEqualTo(3L);
    assertThat(c.getImage().getId()).isEqualTo(8);
    assertThat(c.getRestartPolicy()).isEqualTo("no");
    assertThat(c.getEnv()).singleElement().satisfies(v -> {
      assertThat(v.getName()).isEqualTo("ADMIN_PASSWORD_FILE");
      assertThat(v.getValue()).isEqualTo("/run/secrets/admin_password");
    });
    assertThat(c.getNetworkSettings()).singleElement().satisfies(n -> {
      assertThat(n.getNetwork()).isEqualTo(6);
      assertThat(n.getName()).isEqualTo("app-overlay");
      assertThat(n.getDriver()).isEqualTo("overlay");
      assertThat(n.getNetworkId()).isNull();
    });
    assertThat(c.getSecretMounts()).singleElement().satisfies(m -> {
      assertThat(m.getSecret()).isEqualTo(9);
      assertThat(m.getSecretName()).isEqualTo("admin_password");
      assertThat(m.getSecretId()).isEqualTo("ktnbjxoalbkvbvedmg1urrz8h");
      assertThat(m.getTarget()).isEqualTo("admin_password");
      assertThat(m.getUid()).isEqualTo("0");
      assertThat(m.getGid()).isEqualTo("0");
      assertThat(m.getMode()).isEqualTo(292);
    });
    assertThat(c.getMounts()).isEmpty();
    assertThat(c.getBinds()).isEmpty();
    assertThat(c.getLabels()).isEmpty();
  }

  @Test
  void secretCreated_withoutData() {
    MappedWebhook.Event e = event("secret_created");
    assertThat(e.key()).isEqualTo("secret:9");
    assertEnvelope(e.event(), EventKind.CREATED, ObjectType.SECRET, 9, "2026-08-22T09:11:40.601Z", "admin",
        "e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9");
    Secret s = (Secret) e.event().getAfter();
    assertThat(s.getId()).isEqualTo(9);
    assertThat(s.getSwarm()).isEqualTo(5L);
    assertThat(s.getName()).isEqualTo("admin_password");
    assertThat(s.getData()).isNull();
    assertThat(s.getSecretId()).isNull();
    assertThat(s.getLabels()).isEmpty();
    assertThat(s.getTags()).isEmpty();
  }

  @Test
  void secretCreatedWithData_isSealedForTheOrchestratorOnly() {
    Secret s = (Secret) event("secret_created_with_data_variant").event().getAfter();
    assertThat(s.getData().getRecipient()).isEqualTo("orchestrator");
    assertThat(new String(TestKeys.open(s.getData(), SealingContext.netboxSecret(9)), StandardCharsets.UTF_8))
        .isEqualTo("super-secret-password");
    assertThatThrownBy(() -> TestKeys.open(s.getData(), SealingContext.netboxSecret(10)))
        .as("bound to its secret id").isInstanceOf(RuntimeException.class);
    assertThat(s.toString()).doesNotContain("super-secret-password", "c3VwZXItc2VjcmV0LXBhc3N3b3Jk");
  }

  @Test
  void secretmountCreated() {
    MappedWebhook.Event e = event("secretmount_created");
    assertThat(e.key()).isEqualTo("secretmount:31");
    assertEnvelope(e.event(), EventKind.CREATED, ObjectType.SECRET_MOUNT, 31, "2026-08-22T09:12:40.601Z", "admin",
        "f6a7b8c9-d0e1-4f2a-b3c4-d5e6f7a8b9c0");
    SecretMount m = (SecretMount) e.event().getAfter();
    assertThat(m.getId()).isEqualTo(31);
    assertThat(m.getContainer()).isEqualTo(20L);
    assertThat(m.getSecret()).isEqualTo(9L);
    assertThat(m.getSecretName()).isEqualTo("admin_password");
    assertThat(m.getTarget()).isEqualTo("admin_password");
    assertThat(m.getUid()).isEqualTo("0");
    assertThat(m.getGid()).isEqualTo("0");
    assertThat(m.getMode()).isEqualTo(292);
  }

  @Test
  void swarmCreated() {
    MappedWebhook.Event e = event("swarm_created");
    assertThat(e.key()).isEqualTo("swarm:5");
    assertEnvelope(e.event(), EventKind.CREATED, ObjectType.SWARM, 5, "2026-08-22T09:05:00.601Z", "admin",
        "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    Swarm s = (Swarm) e.event().getAfter();
    assertThat(s.getId()).isEqualTo(5);
    assertThat(s.getName()).isEqualTo("prod-swarm");
    assertThat(s.getListenAddr()).isEqualTo("0.0.0.0:2377");
    assertThat(s.getAdvertiseAddr()).isEqualTo("10.0.0.11:2377");
    assertThat(s.getState()).isEqualTo("creating");
    assertThat(s.getSwarmId()).isNull();
    assertThat(s.getJoinTokens()).isNull();
    assertThat(s.getManagerNodes()).containsExactly(1L);
    assertThat(s.getWorkerNodes()).isEmpty();
    assertThat(s.getOperation()).isNull();
  }

  @Test
  void swarmInitializedByAgent_sealsJoinTokensBoundToTheCluster() {
    NetboxEvent event = event("swarm_updated_initialized_by_agent").event();
    Swarm before = (Swarm) event.getBefore();
    Swarm after = (Swarm) event.getAfter();
    assertThat(before.getState()).isEqualTo("creating");
    assertThat(before.getSwarmId()).isNull();
    assertThat(before.getJoinTokens()).isNull();
    assertThat(after.getState()).isEqualTo("created");
    assertThat(after.getSwarmId()).isEqualTo("wq2rm5e4zhkd0bk7kl9j1b3xv");
    assertThat(new String(TestKeys.open(after.getJoinTokens().getWorker(),
        SealingContext.joinToken("wq2rm5e4zhkd0bk7kl9j1b3xv", "worker")), StandardCharsets.UTF_8))
        .isEqualTo(WORKER_TOKEN);
    assertThat(new String(TestKeys.open(after.getJoinTokens().getManager(),
        SealingContext.joinToken("wq2rm5e4zhkd0bk7kl9j1b3xv", "manager")), StandardCharsets.UTF_8))
        .isEqualTo(MANAGER_TOKEN);
    assertThat(event.toString()).doesNotContain("SWMTKN");
  }

  @Test
  void swarmHoldingTheWorkerTokenOnly_mapsWithoutCarryingIt() {
    // What NetBox holds by default once the orchestrator wrote back: the worker token, no manager token.
    ObjectNode body = (ObjectNode) JSON.readTree(Fixture.named("swarm_updated_initialized_by_agent").wire());
    ((ObjectNode) body.get("data").get("JoinTokens")).remove("Manager");
    ((ObjectNode) body.get("snapshots").get("postchange").get("JoinTokens")).remove("Manager");
    NetboxEvent event = ((MappedWebhook.Event) map(JSON.writeValueAsBytes(body))).event();
    Swarm after = (Swarm) event.getAfter();
    assertThat(after.getSwarmId()).isEqualTo("wq2rm5e4zhkd0bk7kl9j1b3xv");
    assertThat(after.getJoinTokens()).isNull();
    assertThat(event.toString()).doesNotContain("SWMTKN");
  }

  @Test
  void swarmNodesAdded_bothListsInBothSnapshots() {
    NetboxEvent event = event("swarm_updated_nodes_added").event();
    JsonNode snapshots = JSON.readTree(Fixture.named("swarm_updated_nodes_added").wire()).get("snapshots");
    Swarm before = (Swarm) event.getBefore();
    Swarm after = (Swarm) event.getAfter();
    assertThat(before.getManagerNodes()).containsExactlyElementsOf(ids(snapshots.get("prechange").get("manager_nodes")));
    assertThat(before.getWorkerNodes()).containsExactlyElementsOf(ids(snapshots.get("prechange").get("worker_nodes")));
    assertThat(after.getManagerNodes()).containsExactly(1L, 2L);
    assertThat(after.getWorkerNodes()).containsExactly(3L);
    assertThat(after.getJoinTokens()).isNotNull();
  }

  @Test
  void swarmNodesRemoved_removedHostIsOnlyInBefore() {
    NetboxEvent event = event("swarm_updated_nodes_removed").event();
    Swarm before = (Swarm) event.getBefore();
    Swarm after = (Swarm) event.getAfter();
    assertThat(before.getManagerNodes()).containsExactly(1L, 2L);
    assertThat(before.getWorkerNodes()).containsExactly(3L);
    assertThat(after.getManagerNodes()).containsExactly(1L, 2L);
    assertThat(after.getWorkerNodes()).isEmpty();
    // the same tokens in both snapshots: sealed once, each snapshot opens to them
    assertThat(new String(TestKeys.open(before.getJoinTokens().getManager(),
        SealingContext.joinToken("wq2rm5e4zhkd0bk7kl9j1b3xv", "manager")), StandardCharsets.UTF_8))
        .isEqualTo(MANAGER_TOKEN);
    assertThat(before.getJoinTokens()).isEqualTo(after.getJoinTokens()).isNotSameAs(after.getJoinTokens());
  }

  @Test
  void olderNetboxBodyFormatsGiveTheSameEvent() {
    Fixture fixture = Fixture.named("container_updated");
    MappedWebhook.Event v46 = (MappedWebhook.Event) map(fixture.wire());
    ObjectNode v45 = (ObjectNode) JSON.readTree(fixture.wire());
    v45.remove("request");
    ObjectNode v44 = v45.deepCopy();
    v44.put("model", "container");
    ObjectNode v43 = v45.deepCopy();
    v43.remove("object_type");
    v43.put("model", "container");
    ObjectNode v40NoIds = v43.deepCopy();
    v40NoIds.remove("username");
    v40NoIds.remove("request_id");
    for (ObjectNode body : List.of(v45, v44, v43)) {
      MappedWebhook.Event e = (MappedWebhook.Event) mapper.map(body);
      assertThat(e.key()).isEqualTo(v46.key());
      assertThat(e.event()).isEqualTo(v46.event());
    }
    MappedWebhook.Event bare = (MappedWebhook.Event) mapper.map(v40NoIds);
    assertThat(bare.event().getUser()).isNull();
    assertThat(bare.event().getRequestId()).isNull();
    assertThat(bare.event().getAfter()).isEqualTo(v46.event().getAfter());
  }

  @Test
  void theSameWebhookTwiceHasTheSameIdAndAnotherChangeAnother() {
    String first = event("container_created").event().getEventId();
    assertThat(event("container_created").event().getEventId()).isEqualTo(first);
    ObjectNode later = (ObjectNode) JSON.readTree(Fixture.named("container_created").wire());
    later.put("timestamp", "2026-08-22T09:02:01.000000+00:00");
    assertThat(((MappedWebhook.Event) mapper.map(later)).event().getEventId()).isNotEqualTo(first);
  }

  @Test
  void otherObjectTypesAreIgnored() {
    ObjectNode device = (ObjectNode) JSON.readTree(Fixture.named("network_created").wire());
    device.put("object_type", "dcim.device");
    assertThat(mapper.map(device)).isEqualTo(new MappedWebhook.Ignored("dcim.device"));
    device.remove("object_type");
    device.put("model", "device");
    assertThat(mapper.map(device)).isEqualTo(new MappedWebhook.Ignored("device"));
  }

  @Test
  void unmappableBodiesSayWhichFieldAndNeverItsValue() {
    ObjectNode body = (ObjectNode) JSON.readTree(Fixture.named("secret_created_with_data_variant").wire());
    ((ObjectNode) body.get("data")).put("data", "!!not base64 c3VwZXI");
    assertThatThrownBy(() -> mapper.map(body)).isInstanceOfSatisfying(UnmappableWebhookException.class, e -> {
      assertThat(e.reason()).isEqualTo(UnmappableWebhookException.Reason.WRONG_TYPE);
      assertThat(e.getMessage()).isEqualTo("field '$.data.data' must be base64").doesNotContain("c3VwZXI");
    });
    ObjectNode unknown = (ObjectNode) JSON.readTree(Fixture.named("network_created").wire());
    unknown.put("event", "job_started");
    assertThatThrownBy(() -> mapper.map(unknown)).extracting(e -> ((UnmappableWebhookException) e).reason())
        .isEqualTo(UnmappableWebhookException.Reason.UNKNOWN_EVENT);
    ObjectNode noId = (ObjectNode) JSON.readTree(Fixture.named("network_created").wire());
    ((ObjectNode) noId.get("data")).remove("id");
    assertThatThrownBy(() -> mapper.map(noId)).hasMessage("missing field '$.data.id'");
    ObjectNode mistyped = (ObjectNode) JSON.readTree(Fixture.named("swarm_created").wire());
    ((ObjectNode) mistyped.get("data")).put("manager_nodes", "1");
    assertThatThrownBy(() -> mapper.map(mistyped)).hasMessage("field '$.data.manager_nodes' must be a list, not a string");
    assertThatThrownBy(() -> mapper.map(JSON.readTree("[1]"))).extracting(e -> ((UnmappableWebhookException) e).reason())
        .isEqualTo(UnmappableWebhookException.Reason.NOT_AN_OBJECT);
    // Found by the fuzz test: a SwarmID no sealing context can hold was a 500.
    ObjectNode badCluster = (ObjectNode) JSON.readTree(Fixture.named("swarm_updated_initialized_by_agent").wire());
    ((ObjectNode) badCluster.get("data")).put("SwarmID", "abc\u0007def");
    assertThatThrownBy(() -> mapper.map(badCluster)).isInstanceOfSatisfying(UnmappableWebhookException.class, e -> {
      assertThat(e.reason()).isEqualTo(UnmappableWebhookException.Reason.UNSEALABLE);
      assertThat(e.getMessage()).startsWith("field '$.data.SwarmID' cannot bind the JoinTokens")
          .doesNotContain("abc");
    });
  }

  @Test
  void aRestObjectIsASnapshotAtItsLastUpdatedWithADeterministicId() {
    JsonNode data = JSON.readTree(Fixture.named("swarm_updated_initialized_by_agent").wire()).get("data");
    MappedWebhook.Event e = mapper.snapshot("swarm", data);
    assertThat(e.key()).isEqualTo("swarm:5");
    assertThat(e.event().getKind()).isEqualTo(EventKind.SNAPSHOT);
    assertThat(e.event().getBefore()).isNull();
    // data.last_updated is "2026-08-22T09:05:06.880123Z": the save the page shows, not when the page was read
    assertThat(e.event().getNetboxTime()).isEqualTo(Instant.parse("2026-08-22T09:05:06.880123Z"));
    assertThat(e.event().getOccurredAt()).isEqualTo(Instant.parse("2026-08-22T09:05:06.880Z"));
    assertThat(((Swarm) e.event().getAfter()).getManagerNodes()).containsExactly(1L);
    assertThat(mapper.snapshot("swarm", data).event().getEventId()).isEqualTo(e.event().getEventId());

    ObjectNode noLastUpdated = (ObjectNode) data.deepCopy();
    noLastUpdated.remove("last_updated");
    assertThatThrownBy(() -> mapper.snapshot("swarm", noLastUpdated)).hasMessage("missing field 'swarm.last_updated'");
  }

  @Test
  void everyWebhookCarriesNetboxsTimestampToTheMicrosecond() throws Exception {
    for (Fixture fixture : Fixture.all()) {
      JsonNode body = JSON.readTree(fixture.wire());
      Instant timestamp = java.time.OffsetDateTime.parse(body.get("timestamp").stringValue()).toInstant();
      NetboxEvent event = ((MappedWebhook.Event) map(fixture.wire())).event();
      assertThat(event.getNetboxTime()).as(fixture.name()).isEqualTo(timestamp);
      assertThat(event.getOccurredAt()).as(fixture.name()).isEqualTo(timestamp.truncatedTo(ChronoUnit.MILLIS));
      // and the wire keeps every microsecond of it
      assertThat(NetboxEvent.getDecoder().decode(NetboxEvent.getEncoder().encode(event)).getNetboxTime())
          .as(fixture.name()).isEqualTo(timestamp);
    }
    NetboxEvent created = event("container_created").event();
    // "timestamp": "2026-08-22T09:02:00.601442+00:00"
    assertThat(created.getNetboxTime()).isEqualTo(Instant.parse("2026-08-22T09:02:00.601442Z"));
    assertThat(created.getOccurredAt()).isEqualTo(Instant.parse("2026-08-22T09:02:00.601Z"));
  }

  @Test
  void aCompleteResyncPassIsOneEventPerModelWithTheIdsNetboxListed() throws Exception {
    Instant passStarted = Instant.parse("2026-08-22T09:15:00.123456789Z");
    MappedWebhook.Event e = mapper.resyncCompleted("secretmount", passStarted, List.of(31L, 32L));
    assertThat(e.key()).isEqualTo("secretmount:resync");
    NetboxEvent wire = NetboxEvent.getDecoder().decode(NetboxEvent.getEncoder().encode(e.event()));
    assertThat(wire.getKind()).isEqualTo(EventKind.RESYNC_COMPLETED);
    assertThat(wire.getObjectType()).isEqualTo(ObjectType.SECRET_MOUNT);
    assertThat(wire.getResync().getStartedAt()).isEqualTo(Instant.parse("2026-08-22T09:15:00.123456Z"));
    assertThat(wire.getResync().getPresent()).containsExactly(31L, 32L);
    assertThat(wire.getAfter()).isNull();
    assertThat(mapper.resyncCompleted("secretmount", passStarted, List.of()).event().getEventId())
        .as("one pass, one id").isEqualTo(e.event().getEventId());
  }

  private MappedWebhook map(byte[] wire) {
    return mapper.map(JSON.readTree(wire));
  }

  private MappedWebhook.Event event(String fixture) {
    return (MappedWebhook.Event) map(Fixture.named(fixture).wire());
  }

  private static void assertEnvelope(NetboxEvent event, EventKind kind, ObjectType type, long id, String at,
      String user, String requestId) {
    assertThat(event.getKind()).isEqualTo(kind);
    assertThat(event.getObjectType()).isEqualTo(type);
    assertThat(event.getObjectId()).isEqualTo(id);
    assertThat(event.getOccurredAt()).isEqualTo(Instant.parse(at));
    assertThat(event.getUser()).isEqualTo(user);
    assertThat(event.getRequestId()).isEqualTo(requestId);
    assertThat(event.getEventId()).matches("[0-9a-f-]{36}");
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.stringValue();
  }

  private static List<Long> ids(JsonNode array) {
    return array.values().stream().map(JsonNode::longValue).toList();
  }
}
