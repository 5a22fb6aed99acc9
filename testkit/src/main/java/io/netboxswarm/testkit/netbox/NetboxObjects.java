package io.netboxswarm.testkit.netbox;

import java.util.List;

/** The NetBox objects a test or an example changes, as plain values (ids refer to each other as in NetBox). */
public final class NetboxObjects {

  private NetboxObjects() {
  }

  /** A netbox-docker-plugin Host, reached by its agent at {@code address}. */
  public record Host(long id, String name, String address) {
  }

  /** A Swarm of the issue #180 proposal. */
  public record Swarm(long id, String name, String advertiseAddr, List<Long> managers, List<Long> workers) {

    public Swarm {
      managers = List.copyOf(managers);
      workers = List.copyOf(workers);
    }

    public Swarm withMembers(List<Long> newManagers, List<Long> newWorkers) {
      return new Swarm(id, name, advertiseAddr, newManagers, newWorkers);
    }
  }

  /** A Secret of one Swarm; {@code data} is its plaintext, which NetBox sends base64-encoded. */
  public record Secret(long id, long swarm, String name, byte[] data) {
  }

  public record Network(long id, long host, String name, String driver) {
  }

  /** A SecretMount nested in a Container, as the plugin nests Mounts. */
  public record SecretMount(long secret, String secretName, String target, String uid, String gid, int mode) {
  }

  /** A Container; {@code imageId} is the engine's image id (no registry is reachable for a name). */
  public record Container(long id, long host, String name, String imageId, List<String> cmd,
      List<Network> networks, List<SecretMount> secretMounts, String restartPolicy) {

    public Container {
      cmd = cmd == null ? null : List.copyOf(cmd);
      networks = List.copyOf(networks);
      secretMounts = List.copyOf(secretMounts);
    }
  }
}
