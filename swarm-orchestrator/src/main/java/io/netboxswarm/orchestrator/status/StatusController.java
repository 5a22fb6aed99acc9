package io.netboxswarm.orchestrator.status;

import io.netboxswarm.orchestrator.state.Json;
import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.stream.Orchestrator;
import java.util.ArrayList;
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
 * Read-only status ({@link SwarmStatus}) of each swarm, read from the orchestrator's state store. Never a token or
 * a secret: the store holds them sealed and this leaves them out.
 */
@RestController
class StatusController {

  private final Orchestrator orchestrator;
  private final Json json = new Json();

  StatusController(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
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
    String spec = store.get("swarm:" + id);
    String progress = store.get("progress:" + id);
    return SwarmStatus.of(id, spec == null ? null : json.read(spec, SwarmSpec.class),
        progress == null ? null : json.read(progress, SwarmProgress.class), commands);
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
