package io.netboxswarm.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.netboxswarm.agent.AgentConfig;
import io.netboxswarm.agent.HostAgent;
import io.netboxswarm.contracts.admission.AdmissionPolicy;
import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.EndpointMode;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.LeaveSwarm;
import io.netboxswarm.contracts.command.MountType;
import io.netboxswarm.contracts.command.RestartCondition;
import io.netboxswarm.contracts.command.RestartPolicy;
import io.netboxswarm.contracts.command.ServiceMount;
import io.netboxswarm.contracts.command.ServiceSpec;
import io.netboxswarm.contracts.command.UpdateService;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's executor refuses what the admission policy refuses before it makes any docker-java call: its engine
 * here is a {@link DockerClient} that records every call and answers none.
 */
class ActionExecutorAdmissionTest {

  static final String NODE = "x1y2z3abcdefghijklmnopqrs";

  final List<String> engineCalls = new ArrayList<>();
  final DockerClient engine = (DockerClient) Proxy.newProxyInstance(DockerClient.class.getClassLoader(),
      new Class<?>[] {DockerClient.class}, (proxy, method, args) -> {
        if (method.getDeclaringClass() == Object.class) {
          return method.getName().equals("toString") ? "recording engine" : method.invoke(this, args);
        }
        engineCalls.add(method.getName());
        throw new IllegalStateException("engine reached: " + method.getName());
      });

  static ServiceSpec spec(ServiceMount... mounts) {
    return ServiceSpec.newBuilder().setName("web").setImage("busybox").setCommand(null).setEnv(List.of())
        .setLabels(Map.of()).setMounts(List.of(mounts)).setSecrets(List.of()).setNetworks(List.of())
        .setEndpointMode(EndpointMode.DNSRR).setRestartPolicy(new RestartPolicy(RestartCondition.ANY, null))
        .setPlacementConstraints(List.of("node.id==" + NODE)).setReplicas(1).build();
  }

  static HostCommand command(Object action) {
    Instant now = Instant.now();
    return HostCommand.newBuilder().setCommandId("c1").setHostId(3).setSwarmId(1L).setCausationId(null)
        .setIssuedAt(now).setDeadline(now.plusSeconds(60)).setAction(action).build();
  }

  static ServiceMount bind(String source, boolean readOnly) {
    return new ServiceMount(MountType.BIND, source, "/host", readOnly);
  }

  @Test
  void aBindOfTheRootOrOfTheDockerSocketIsRefusedWithoutTouchingTheEngine() {
    // Even with binds allowed read-write somewhere.
    ActionExecutor executor = new ActionExecutor(engine, null, 3, AdmissionPolicy.parse("rw:/srv/data", null));

    assertThatThrownBy(() -> executor.execute(command(new CreateService(spec(bind("/", false))))))
        .isInstanceOfSatisfying(CommandFailure.class, f -> {
          assertThat(f.code()).isEqualTo(Admission.POLICY_VIOLATION).isEqualTo("POLICY_VIOLATION");
          assertThat(f.retryable()).isFalse();
          assertThat(f.getMessage()).contains("CreateService refused", "BIND_ROOT", "mounts[0].source", "'/'");
        });
    assertThatThrownBy(() -> executor.execute(command(new CreateService(spec(bind("/var/run/docker.sock", true))))))
        .isInstanceOfSatisfying(CommandFailure.class, f -> {
          assertThat(f.code()).isEqualTo("POLICY_VIOLATION");
          assertThat(f.getMessage()).contains("BIND_DOCKER_SOCKET", "Docker socket");
        });
    assertThatThrownBy(() -> executor.execute(command(new UpdateService(spec(bind("/run/docker.sock", true))))))
        .isInstanceOfSatisfying(CommandFailure.class, f -> assertThat(f.code()).isEqualTo("POLICY_VIOLATION"));
    assertThat(engineCalls).isEmpty();
  }

  @Test
  void byDefaultEveryBindIsRefusedAndConstraintsAndReplicasAreChecked() {
    ActionExecutor executor = new ActionExecutor(engine, null, 3);
    assertThatThrownBy(() -> executor.execute(command(new CreateService(spec(bind("/srv/data", true))))))
        .isInstanceOfSatisfying(CommandFailure.class, f -> assertThat(f.getMessage()).contains("BIND_NOT_ALLOWED",
            AdmissionPolicy.BINDS_SETTING));
    ServiceSpec spread = ServiceSpec.newBuilder(spec()).setPlacementConstraints(List.of("node.role==manager"))
        .setReplicas(3).build();
    assertThatThrownBy(() -> executor.execute(command(new UpdateService(spread))))
        .isInstanceOfSatisfying(CommandFailure.class, f -> assertThat(f.getMessage())
            .contains("CONSTRAINT_NOT_ALLOWED", "REPLICAS_NOT_ONE"));
    assertThatThrownBy(() -> executor.execute(command(new LeaveSwarm(null, true, List.of()))))
        .isInstanceOfSatisfying(CommandFailure.class, f -> {
          assertThat(f.code()).isEqualTo("POLICY_VIOLATION");
          assertThat(f.getMessage()).contains("LEAVE_WITHOUT_CLUSTER");
        });
    assertThat(engineCalls).isEmpty();
  }

  @Test
  void whatThePolicyAdmitsReachesTheEngine() {
    ActionExecutor executor = new ActionExecutor(engine, null, 3,
        Admission.policy(Map.of(AdmissionPolicy.BINDS_SETTING, "/srv/data", AdmissionPolicy.IMAGES_SETTING,
            "docker.io/library/")::get));
    assertThatThrownBy(() -> executor.execute(command(new CreateService(spec(bind("/srv/data/app", true),
        new ServiceMount(MountType.VOLUME, "web-data", "/data", false))))))
        .isInstanceOfSatisfying(CommandFailure.class, f -> assertThat(f.code()).isEqualTo("ENGINE_UNAVAILABLE"));
    assertThat(engineCalls).isNotEmpty();
    engineCalls.clear();
    assertThatThrownBy(() -> executor.execute(command(new LeaveSwarm("cluster-1", true, List.of()))))
        .isInstanceOfSatisfying(CommandFailure.class, f -> assertThat(f.code()).isEqualTo("ENGINE_UNAVAILABLE"));
    assertThat(engineCalls).isNotEmpty();
  }

  @Test
  void aSettingThePolicyRefusesIsNamed() {
    assertThatThrownBy(() -> Admission.policy(Map.of(AdmissionPolicy.BINDS_SETTING, "rw:/")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NETBOX_SWARM_ADMISSION_BIND_PREFIXES").hasMessageContaining("whole host");
    assertThat(Admission.policy(Map.<String, String>of()::get)).isEqualTo(AdmissionPolicy.defaults());
  }

  @Test
  void aRefusedSettingEndsTheAgentsStartBeforeAnythingStarts() {
    AgentConfig config = AgentConfig.of(Map.of("NETBOX_SWARM_AGENT_HOST_ID", "42", "NETBOX_SWARM_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
        "DOCKER_HOST", "unix:///nonexistent/docker.sock", AdmissionPolicy.BINDS_SETTING, "/srv/data,/var/run"));
    assertThatThrownBy(() -> new HostAgent(config)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NETBOX_SWARM_ADMISSION_BIND_PREFIXES").hasMessageContaining("Docker socket");
    assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
        .noneMatch(n -> n.equals("heartbeat") || n.equals("commands") || n.contains("host-agent-42"));
  }
}
