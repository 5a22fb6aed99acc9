package io.netboxswarm.orchestrator.status;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.orchestrator.state.Departure;
import io.netboxswarm.orchestrator.state.Json;
import io.netboxswarm.orchestrator.state.Step;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.stream.Orchestrator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only status: each swarm's desired and observed members, pending commands and last errors, read from the
 * orchestrator's state store. Never a token or a secret: the store holds them sealed and this leaves them out.
 */
@RestController
class StatusController {

  private final Orchestrator orchestrator;
  private final Json json = new Json();

  StatusController(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  record SwarmStatus(long swarmId, String name, String clusterId, List<Long> desiredManagers,
      List<Long> desiredWorkers, List<MemberStatus> members, List<CommandStatus> pendingCommands, String blockedBy,
      List<String> lastErrors, Map<Long, String> secrets, Map<String, String> networks, Map<Long, String> services) {
  }

  record MemberStatus(long hostId, String nodeId, NodeRole role, Departure departure) {
  }

  record CommandStatus(String commandId, Step step, long hostId, String status, int attempts, String errorCode) {
  }

  @GetMapping("/status/swarms")
  ResponseEntity<?> swarms() {
    try {
      var store = orchestrator.store();
      Map<Long, SwarmStatus> all = new TreeMap<>();
      List<TrackedCommand> commands = commands(store);
      try (var specs = store.prefixScan("swarm:", new org.apache.kafka.common.serialization.StringSerializer())) {
        specs.forEachRemaining(kv -> {
          long id = Long.parseLong(kv.key.substring("swarm:".length()));
          all.put(id, status(id, store, commands));
        });
      }
      try (var progress = store.prefixScan("progress:", new org.apache.kafka.common.serialization.StringSerializer())) {
        progress.forEachRemaining(kv -> {
          long id = Long.parseLong(kv.key.substring("progress:".length()));
          all.computeIfAbsent(id, k -> status(k, store, commands));
        });
      }
      return ResponseEntity.ok(all.values());
    } catch (InvalidStateStoreException e) {
      return unavailable();
    }
  }

  @GetMapping("/status/swarms/{id}")
  ResponseEntity<?> swarm(@PathVariable long id) {
    try {
      var store = orchestrator.store();
      if (store.get("swarm:" + id) == null && store.get("progress:" + id) == null) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no swarm " + id));
      }
      return ResponseEntity.ok(status(id, store, commands(store)));
    } catch (InvalidStateStoreException e) {
      return unavailable();
    }
  }

  private SwarmStatus status(long id, ReadOnlyKeyValueStore<String, String> store, List<TrackedCommand> commands) {
    String specJson = store.get("swarm:" + id);
    String progressJson = store.get("progress:" + id);
    SwarmSpec spec = specJson == null ? null : json.read(specJson, SwarmSpec.class);
    SwarmProgress p = progressJson == null ? new SwarmProgress(id) : json.read(progressJson, SwarmProgress.class);
    List<MemberStatus> members = new ArrayList<>();
    p.members.values().forEach(m -> members.add(new MemberStatus(m.hostId(), m.nodeId(), m.role(), m.departure())));
    List<CommandStatus> pending = new ArrayList<>();
    for (TrackedCommand c : commands) {
      if (c.swarmId == id && c.open()) {
        pending.add(new CommandStatus(c.commandId, c.step, c.hostId, c.status.name(), c.attempts, c.errorCode));
      }
    }
    Map<Long, String> secrets = new LinkedHashMap<>();
    p.secretIds.forEach((k, v) -> secrets.put(k, v.dockerId()));
    Map<Long, String> services = new LinkedHashMap<>();
    p.services.forEach((k, v) -> services.put(k, v.serviceId()));
    return new SwarmStatus(id, spec == null ? null : spec.name(), p.clusterId,
        spec == null ? List.of() : spec.managers(), spec == null ? List.of() : spec.workers(), members, pending,
        p.blockedBy, p.lastErrors, secrets, p.networkIds, services);
  }

  private List<TrackedCommand> commands(ReadOnlyKeyValueStore<String, String> store) {
    List<TrackedCommand> commands = new ArrayList<>();
    try (var all = store.prefixScan("command:", new org.apache.kafka.common.serialization.StringSerializer())) {
      all.forEachRemaining(kv -> commands.add(json.read(kv.value, TrackedCommand.class)));
    }
    return commands;
  }

  private static ResponseEntity<?> unavailable() {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(Map.of("error", "the orchestrator's state is loading; try again shortly"));
  }
}
