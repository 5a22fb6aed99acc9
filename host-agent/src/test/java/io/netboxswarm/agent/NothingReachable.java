package io.netboxswarm.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The settings of agent 41 whose broker, registry and engine are not there, its keysets and state under a dir. */
final class NothingReachable {

  private NothingReachable() {
  }

  static Map<String, String> settings(Path dir) throws IOException {
    return Map.of(
        "NETBOX_SWARM_AGENT_HOST_ID", "41",
        "NETBOX_SWARM_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
        "NETBOX_SWARM_REGISTRY_URL", "http://127.0.0.1:1/apis/registry/v3",
        "DOCKER_HOST", "unix://" + dir.resolve("no-engine.sock"),
        "NETBOX_SWARM_AGENT_KEYSET_FILE", dir.resolve("host-41.private.json").toString(),
        "NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE", dir.resolve("orchestrator.public.json").toString(),
        "NETBOX_SWARM_AGENT_STATE_DIR", Files.createDirectories(dir.resolve("state")).toString());
  }
}
