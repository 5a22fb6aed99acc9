package io.netboxswarm.orchestrator.status;

import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.state.World;
import io.netboxswarm.orchestrator.stream.Orchestrator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only status ({@link SwarmStatus}) of each swarm, read from the orchestrator's state stores. Never a token or
 * a secret: the stores hold them sealed and this leaves them out.
 */
@RestController
class StatusController {

  private final Orchestrator orchestrator;

  StatusController(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  @GetMapping("/status/swarms")
  ResponseEntity<?> swarms() {
    try {
      TreeSet<Long> ids = new TreeSet<>();
      List.of(World.SWARMS, World.PROGRESS).forEach(kind -> {
        try (var all = orchestrator.store(kind).all()) {
          all.forEachRemaining(row -> ids.add(Long.parseLong(row.key)));
        }
      });
      List<TrackedCommand> commands = commands();
      Map<Long, SwarmStatus> all = new TreeMap<>();
      ids.forEach(id -> all.put(id, status(id, commands)));
      return ResponseEntity.ok(all.values());
    } catch (InvalidStateStoreException e) {
      return unavailable();
    }
  }

  @GetMapping("/status/swarms/{id}")
  ResponseEntity<?> swarm(@PathVariable long id) {
    try {
      var spec = orchestrator.store(World.SWARMS).get(String.valueOf(id));
      var progress = orchestrator.store(World.PROGRESS).get(String.valueOf(id));
      if (spec == null && progress == null) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no swarm " + id));
      }
      return ResponseEntity.ok(SwarmStatus.of(id, spec, progress, commands()));
    } catch (InvalidStateStoreException e) {
      return unavailable();
    }
  }

  private SwarmStatus status(long id, List<TrackedCommand> commands) {
    String key = String.valueOf(id);
    return SwarmStatus.of(id, orchestrator.store(World.SWARMS).get(key), orchestrator.store(World.PROGRESS).get(key),
        commands);
  }

  private List<TrackedCommand> commands() {
    List<TrackedCommand> commands = new ArrayList<>();
    try (var all = orchestrator.store(World.COMMANDS).all()) {
      all.forEachRemaining(row -> commands.add(row.value));
    }
    return commands;
  }

  private static ResponseEntity<?> unavailable() {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(Map.of("error", "the orchestrator's state is loading; try again shortly"));
  }
}
