package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import io.netboxswarm.testkit.netbox.NetboxApiDouble;
import io.netboxswarm.testkit.registry.ApicurioRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scenario per test: a fresh real Kafka broker (so that no other test's events are replayed), the shared real
 * Apicurio registry, real keysets, NetBox's REST API double, the agents' double and the real orchestrator app.
 */
abstract class Scenario {

  static final long[] HOSTS = LongStream.rangeClosed(1, 12).toArray();

  @TempDir
  Path tmp;
  KafkaBroker broker;
  ApicurioRegistry registry;
  Keys keys;
  NetboxApiDouble netbox;
  Agents agents;
  Events events;
  AuditTap audit;
  OrchestratorRun orchestrator;
  String applicationId;

  @BeforeEach
  void startScenario() throws Exception {
    broker = KafkaBroker.start();
    registry = Platform.registry();
    keys = new Keys(tmp.resolve("keys"), HOSTS);
    netbox = new NetboxApiDouble();
    applicationId = "orchestrator-" + UUID.randomUUID().toString().substring(0, 8);
    orchestrator = startOrchestrator(Files.createDirectories(tmp.resolve("state-" + UUID.randomUUID())));
    // The test doubles play many principals (every host, NetBox's ingest, an auditor) at once: admin.
    agents = new Agents(broker.clientProperties("admin"), registry.url(), keys);
    events = new Events(broker.clientProperties("admin"), registry.url());
    audit = new AuditTap(broker.clientProperties("admin"), registry.url());
  }

  @AfterEach
  void stopScenario() throws Exception {
    List<Exception> errors = new ArrayList<>();
    for (AutoCloseable c : new AutoCloseable[] {orchestrator, audit, events, agents, netbox, broker}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        errors.add(e);
      }
    }
    if (!errors.isEmpty()) {
      throw errors.get(0);
    }
  }

  OrchestratorRun startOrchestrator(Path stateDir) {
    return OrchestratorRun.start(settings(stateDir));
  }

  Map<String, Object> settings(Path stateDir) {
    return OrchestratorRun.settings(broker, registry.url(), applicationId, stateDir, keys,
        netbox.url());
  }

  static String address(long host) {
    return "192.0.2." + host;
  }

  static String nodeId(long host) {
    return "node-" + host;
  }

  /** Every host reports, as an idle agent does, that its engine is in no swarm, with its address. */
  void idleHosts(long... hosts) {
    for (long host : hosts) {
      agents.idle(host, address(host));
    }
  }

  /** The swarm NetBox created, with its members; returns the cluster id its init reports. */
  String formSwarm(long swarmId, List<Long> managers, List<Long> workers) {
    managers.forEach(this::idleHosts);
    workers.forEach(this::idleHosts);
    events.send(EventKind.CREATED, ObjectType.SWARM, swarmId, null, Events.swarm(swarmId, managers, workers));
    String clusterId = "cluster-" + swarmId;
    List<String> addrs = new ArrayList<>();
    HostCommand init = agents.await(managers.get(0), InitSwarm.class);
    addrs.add(address(managers.get(0)) + ":2377");
    agents.succeed(init, agents.managerOutcome(clusterId, nodeId(managers.get(0)), addrs));
    for (long manager : managers.subList(1, managers.size())) {
      HostCommand join = agents.await(manager, JoinSwarm.class);
      addrs.add(address(manager) + ":2377");
      agents.succeed(join, agents.managerOutcome(clusterId, nodeId(manager), List.copyOf(addrs)));
    }
    for (long worker : workers) {
      HostCommand join = agents.await(worker, JoinSwarm.class);
      agents.succeed(join, agents.workerOutcome(clusterId, nodeId(worker), List.copyOf(addrs)));
    }
    awaitMembers(swarmId, managers.size() + workers.size());
    return clusterId;
  }

  /** Waits until the status API lists that many members of the swarm and no pending command. */
  void awaitMembers(long swarmId, int count) {
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      var status = orchestrator.swarmStatus(swarmId);
      assertThat(status.path("members").size() == count && status.path("pendingCommands").isEmpty())
          .as("swarm %d never reached %d members: %s", swarmId, count, status).isTrue();
    });
  }

}
