package io.netboxswarm.orchestrator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.testkit.Platform;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry stopped while the orchestrator restarts, NetBox's changes and the agents' heartbeats arriving
 * meanwhile: the orchestrator reads none of them and skips none; once the registry is back, every one takes effect.
 * The orchestrator reaches the registry through a proxy on a fixed port that the test stops and starts, so that the
 * registry's in-memory schemas survive the outage.
 */
@ExtendWith(Platform.class)
class RegistryOutageTest extends Scenario {

  private static final long SWARM = 8;
  private WireMockServer registryProxy;
  private int proxyPort;

  @AfterEach
  void stopProxy() {
    if (registryProxy != null) {
      registryProxy.stop();
    }
  }

  @Override
  Map<String, Object> settings(Path stateDir) {
    if (registryProxy == null) {
      registryProxy = proxy(0);
      proxyPort = registryProxy.port();
    }
    Map<String, Object> settings = super.settings(stateDir);
    settings.put("netbox-swarm.orchestrator.registry-url", "http://127.0.0.1:" + proxyPort
        + URI.create(registry.url()).getPath());
    return settings;
  }

  @Test
  void eventsArrivingWhileTheRegistryIsDownAcrossARestartAreAllAppliedOnceItIsBack() throws Exception {
    idleHosts(1, 2);
    agents.assertQuiet(Duration.ofSeconds(1));
    orchestrator.close();
    registryProxy.stop();

    events.send(EventKind.CREATED, ObjectType.SWARM, SWARM, null, Events.swarm(SWARM, List.of(1L), List.of(2L)));
    orchestrator = startOrchestrator(Files.createDirectories(tmp.resolve("restarted")));
    idleHosts(1, 2);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(
        orchestrator.orchestrator().retrying()).as("the orchestrator waits for the registry").isTrue());
    assertThat(agents.received()).as("nothing can be planned without reading NetBox's event").isEmpty();

    registryProxy = proxy(proxyPort);
    HostCommand init = agents.await(1, InitSwarm.class);
    agents.succeed(init, agents.managerOutcome("cluster-8", nodeId(1), List.of(address(1) + ":2377")));
    HostCommand join = agents.await(2, JoinSwarm.class);
    agents.succeed(join, agents.workerOutcome("cluster-8", nodeId(2), List.of(address(1) + ":2377")));
    awaitMembers(SWARM, 2);
    assertThat(agents.count(1, InitSwarm.class)).isEqualTo(1);
  }

  /** Forwards every request to the shared registry, on this port (0: any free one). */
  private WireMockServer proxy(int port) {
    WireMockServer proxy = new WireMockServer(port == 0 ? options().bindAddress("127.0.0.1").dynamicPort()
        : options().bindAddress("127.0.0.1").port(port));
    proxy.start();
    URI target = URI.create(registry.url());
    proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(target.getScheme() + "://"
        + target.getAuthority())));
    return proxy;
  }
}
