package io.netboxswarm.testkit.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmJoinTokens;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.api.model.SwarmSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;

/** The fixture's engines form a real swarm of 1 manager and 2 workers and run a task pinned to a worker. */
@ExtendWith(DockerEngines.class)
class SwarmFormationTest {

  @BeforeAll
  static void clean(Engines engines) {
    engines.resetSwarms();
  }

  @AfterAll
  static void tearDown(Engines engines) {
    engines.resetSwarms();
  }

  @Test
  void oneManagerAndTwoWorkersFormASwarmThatRunsAPinnedTask(Engines engines) throws Exception {
    Engine manager = engines.engine(1);
    try (DockerClient m = manager.client(); DockerClient w2 = engines.engine(2).client();
        DockerClient w3 = engines.engine(3).client()) {
      m.initializeSwarmCmd(new SwarmSpec()).withListenAddr("0.0.0.0:2377")
          .withAdvertiseAddr(manager.address() + ":2377").exec();
      SwarmJoinTokens tokens = m.inspectSwarmCmd().exec().getJoinTokens();
      for (DockerClient worker : List.of(w2, w3)) {
        worker.joinSwarmCmd().withRemoteAddrs(List.of(manager.address() + ":2377"))
            .withJoinToken(tokens.getWorker()).withListenAddr("0.0.0.0:2377").exec();
      }

      List<SwarmNode> nodes = await("3 ready nodes", () -> {
        List<SwarmNode> all = m.listSwarmNodesCmd().exec();
        return all.size() == 3 && all.stream().allMatch(n -> n.getStatus().getState() == SwarmNodeState.READY)
            ? all : null;
      });
      assertThat(nodes).extracting(n -> n.getDescription().getHostname())
          .containsExactlyInAnyOrder("nbs-e1", "nbs-e2", "nbs-e3");
      assertThat(nodes).filteredOn(n -> n.getManagerStatus() != null).singleElement()
          .satisfies(n -> assertThat(n.getDescription().getHostname()).isEqualTo("nbs-e1"));

      String worker3 = w3.infoCmd().exec().getSwarm().getNodeID();
      m.createServiceCmd(new ServiceSpec().withName("pinned")
          .withTaskTemplate(new TaskSpec()
              .withContainerSpec(new ContainerSpec().withImage(engines.serviceImageId())
                  .withCommand(List.of("sleep", "3600")))
              .withPlacement(new ServicePlacement().withConstraints(List.of("node.id==" + worker3))))
          .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(1)))
          .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR))).exec();

      Task running = await("a running task of 'pinned'", () -> m.listTasksCmd().withServiceFilter("pinned").exec()
          .stream().filter(t -> t.getStatus().getState() == TaskState.RUNNING).findFirst().orElse(null));
      assertThat(running.getNodeId()).isEqualTo(worker3);
      assertThat(w3.listContainersCmd().exec()).as("the task's container runs on engine 3").hasSize(1);
    }
  }

  private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < until) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
