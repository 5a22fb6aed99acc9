package io.netboxswarm.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;

import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.command.*;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.netbox.*;
import io.netboxswarm.contracts.observed.LocalNodeState;
import io.netboxswarm.contracts.observed.NodeObservation;
import io.netboxswarm.contracts.observed.SwarmObservation;
import io.netboxswarm.contracts.rejected.RejectedWebhook;
import io.netboxswarm.contracts.result.*;

/** One filled-in record for every branch of every contract, so a round trip exercises each field type. */
final class ContractSamples {

  static final Instant AT = Instant.parse("2026-08-22T09:05:00.601Z");

  private ContractSamples() {
  }

  /** A topic and a value for it. */
  record Sample(String topic, String key, SpecificRecord value) {
  }

  static List<Sample> all() {
    List<Sample> samples = new ArrayList<>();
    netboxEvents().forEach(e -> samples.add(new Sample(Topics.NETBOX_EVENTS, e.getEventId(), e)));
    hostCommands().forEach(c -> samples.add(new Sample(Topics.commandsFor(c.getHostId()), "3", c)));
    commandResults().forEach(r -> samples.add(new Sample(Topics.AGENT_RESULTS, "3", r)));
    samples.add(new Sample(Topics.AGENT_HEARTBEATS, "1", heartbeat()));
    samples.add(new Sample(Topics.SWARM_AUDIT, "5", audit()));
    samples.add(new Sample(Topics.NETBOX_EVENTS_REJECTED, "req-1", rejected()));
    return samples;
  }

  static SealedValue sealed(String recipient) {
    return new SealedValue(recipient, ByteBuffer.wrap(("opaque-" + recipient).getBytes(StandardCharsets.UTF_8)));
  }

  static List<NetboxEvent> netboxEvents() {
    Host host = Host.newBuilder().setId(1).setName("docker-host-01").setEndpoint("https://10.0.0.11:1880")
        .setState("running").setOperation("none").setAgentVersion("1.24.1-0").setDockerApiVersion("1.51")
        .setSwarmNodeId("node-1").setSwarmRole("manager").setTags(List.of("prod")).build();
    Swarm swarm = Swarm.newBuilder().setId(5).setName("prod-swarm").setListenAddr("0.0.0.0:2377")
        .setAdvertiseAddr("10.0.0.11:2377").setState("created").setSwarmId("wq2rm5e4zhkd0bk7kl9j1b3xv")
        .setJoinTokens(new SealedJoinTokens(sealed("orchestrator"), sealed("orchestrator")))
        .setManagerNodes(List.of(1L, 2L)).setWorkerNodes(List.of(3L)).setOperation("rotate-join-tokens").build();
    Secret secret = Secret.newBuilder().setId(9).setSwarm(5L).setName("admin_password")
        .setData(sealed("orchestrator")).setSecretId("ktnbjxoalbkvbvedmg1urrz8h")
        .setLabels(List.of(new Label("team", "web"))).build();
    SecretMount mount = SecretMount.newBuilder().setId(31).setContainer(20L).setSecret(9L)
        .setSecretName("admin_password").setTarget("admin_password").setUid("0").setGid("0").setMode(292).build();
    Container container = Container.newBuilder().setId(20).setHost(3L)
        .setImage(new ImageRef(8L, "nginx", "1.27-alpine", "sha256:fed7", "sha256:bde0"))
        .setName("app-01").setState("none").setOperation("create").setHostname("app-01").setRestartPolicy("no")
        .setCapAdd(List.of("NET_ADMIN")).setCmd(List.of("nginx", "-g", "daemon off;")).setLogDriver("json-file")
        .setPorts(List.of(new PortBinding(8081, 80, "tcp")))
        .setEnv(List.of(new EnvVar("ADMIN_PASSWORD_FILE", "/run/secrets/admin_password")))
        .setLabels(List.of(new Label("com.example.team", "web")))
        .setMounts(List.of(new VolumeMount("/usr/share/nginx/html", 2L, "web-data", "local", false)))
        .setBinds(List.of(new Bind("/srv/nginx/conf.d", "/etc/nginx/conf.d", true)))
        .setNetworkSettings(List.of(new NetworkAttachment(6L, "app-overlay", "overlay", null)))
        .setSecretMounts(List.of(new ContainerSecretMount(9L, "admin_password", "ktnb", "admin_password", "0",
            "0", 292)))
        .setServiceId("svc-1").build();
    Network network = Network.newBuilder().setId(6).setHost(1L).setName("app-overlay").setDriver("overlay")
        .setState("creating").build();
    Volume volume = Volume.newBuilder().setId(2).setHost(1L).setName("web-data").setDriver("local").build();
    Image image = Image.newBuilder().setId(8).setHost(1L).setName("nginx").setVersion("1.27-alpine").setSize(21L)
        .setImageId("sha256:fed7").setDigest("sha256:bde0").build();

    List<NetboxEvent> events = new ArrayList<>();
    Object[][] objects = {
        {ObjectType.HOST, host}, {ObjectType.SWARM, swarm}, {ObjectType.SECRET, secret},
        {ObjectType.SECRET_MOUNT, mount}, {ObjectType.CONTAINER, container}, {ObjectType.NETWORK, network},
        {ObjectType.VOLUME, volume}, {ObjectType.IMAGE, image}};
    for (Object[] o : objects) {
      ObjectType type = (ObjectType) o[0];
      events.add(NetboxEvent.newBuilder().setEventId("evt-" + type).setKind(EventKind.UPDATED).setObjectType(type)
          .setObjectId(7).setOccurredAt(AT).setUser("admin").setRequestId("a1b2").setBefore(o[1]).setAfter(o[1])
          .build());
    }
    events.add(NetboxEvent.newBuilder().setEventId("evt-deleted").setKind(EventKind.DELETED)
        .setObjectType(ObjectType.SWARM).setObjectId(5).setOccurredAt(AT).setBefore(swarm).build());
    return events;
  }

  static List<HostCommand> hostCommands() {
    ServiceSpec spec = ServiceSpec.newBuilder().setName("nbx-app-01").setImage("sha256:abc")
        .setCommand(List.of("sh", "-c", "sleep 1d")).setEnv(List.of("A=b")).setLabels(Map.of("k", "v"))
        .setMounts(List.of(new ServiceMount(MountType.VOLUME, "web-data", "/data", true)))
        .setSecrets(List.of(new ServiceSecret("admin_password", "ktnb", "admin_password", "0", "0", 292)))
        .setNetworks(List.of("app-overlay")).setEndpointMode(EndpointMode.DNSRR)
        .setRestartPolicy(new RestartPolicy(RestartCondition.ON_FAILURE, 3))
        .setPlacementConstraints(List.of("node.id==n3")).setReplicas(1).build();
    List<Object> actions = List.of(
        new InitSwarm("0.0.0.0:2377", "10.0.0.11:2377", "prod-swarm"),
        new JoinSwarm(NodeRole.WORKER, List.of("10.0.0.11:2377"), sealed("host-3"), "cluster-1", "0.0.0.0:2377",
            null),
        new LeaveSwarm("cluster-1", true, List.of("192.168.213.11:2377")),
        new UpdateNode("n3", NodeRole.MANAGER, NodeAvailability.DRAIN, Map.of("zone", "a")),
        new RemoveNode("n3", false, false),
        new RotateJoinToken(true, false),
        new CreateSecret("admin_password", sealed("host-1"), Map.of("io.netboxswarm.managed", "true")),
        new RemoveSecret("admin_password"),
        new CreateNetwork("app-overlay", "overlay", true, Map.of()),
        new RemoveNetwork("app-overlay"),
        new CreateService(spec),
        new UpdateService(spec),
        new RemoveService("nbx-app-01"),
        new Inspect(true));
    List<HostCommand> commands = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      commands.add(HostCommand.newBuilder().setCommandId("cmd-" + i).setHostId(3).setSwarmId(5L)
          .setCausationId("evt-1").setIssuedAt(AT).setDeadline(AT.plusSeconds(60)).setAction(actions.get(i))
          .build());
    }
    return commands;
  }

  static SwarmObservation observation() {
    return SwarmObservation.newBuilder().setState(LocalNodeState.ACTIVE).setNodeId("n1").setClusterId("c1")
        .setRole(NodeRole.MANAGER).setNodeAddr("192.168.213.11").setManagerAddrs(List.of("192.168.213.11:2377"))
        .setNodes(List.of(NodeObservation.newBuilder().setNodeId("n1").setHostname("nbs-e1").setRole(NodeRole.MANAGER)
            .setAvailability(NodeAvailability.ACTIVE).setState("ready").setAddr("192.168.213.11")
            .setReachability("reachable").setLeader(true).setLabels(Map.of("zone", "a")).build()))
        .build();
  }

  static List<CommandResult> commandResults() {
    List<Object> outcomes = new ArrayList<>(List.of(
        new SwarmOutcome("c1", "n1", NodeRole.MANAGER,
            new SealedJoinTokens(sealed("orchestrator"), sealed("orchestrator")), List.of("192.168.213.11:2377")),
        new SecretOutcome("s1"), new NetworkOutcome("net1"), new ServiceOutcome("svc1"), new NodeOutcome("n3"),
        new InspectOutcome(observation())));
    outcomes.add(null);
    List<CommandResult> results = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      boolean failed = outcomes.get(i) == null;
      results.add(CommandResult.newBuilder().setCommandId("cmd-" + i).setHostId(3)
          .setStatus(failed ? CommandStatus.FAILED : CommandStatus.SUCCEEDED)
          .setErrorCode(failed ? "FOREIGN_CLUSTER" : null)
          .setErrorMessage(failed ? "This node is already part of a swarm." : null)
          .setRetryable(false).setDurationMillis(12).setCompletedAt(AT).setOutcome(outcomes.get(i)).build());
    }
    return results;
  }

  static Heartbeat heartbeat() {
    return Heartbeat.newBuilder().setHostId(1).setObservedAt(AT).setEngineReachable(true).setEngineVersion("20.10.24")
        .setApiVersion("1.41").setHostAddress("192.168.213.11").setSwarm(observation()).setAgentVersion("0.1.0")
        .build();
  }

  static AuditEvent audit() {
    return AuditEvent.newBuilder().setAuditId("aud-1").setAt(AT).setKind(AuditKind.VIOLATION)
        .setSeverity(Severity.DANGER).setSwarmId(5L).setRule("worker-needs-manager")
        .setMessage("worker host 3 added to swarm 5, which has no manager").setCausationId("evt-1")
        .setObjectType("netbox_docker_plugin.swarm").setObjectId(5L).setHostId(3L).setCommandId("cmd-1")
        .setCommandStatus("FAILED").setDetails(Map.of("host", "3")).build();
  }

  static RejectedWebhook rejected() {
    return RejectedWebhook.newBuilder().setRequestId("req-1").setReceivedAt(AT).setReasonCode("MISSING_FIELD")
        .setReason("data.id is missing").setEvent("created").setObjectType("netbox_docker_plugin.swarm")
        .setMethod("POST").setRedactedBody("{\"data\": \"[redacted]\"}").build();
  }
}
