package io.netboxswarm.testkit.netbox;

import io.netboxswarm.testkit.netbox.NetboxObjects.Container;
import io.netboxswarm.testkit.netbox.NetboxObjects.Host;
import io.netboxswarm.testkit.netbox.NetboxObjects.Network;
import io.netboxswarm.testkit.netbox.NetboxObjects.Secret;
import io.netboxswarm.testkit.netbox.NetboxObjects.SecretMount;
import io.netboxswarm.testkit.netbox.NetboxObjects.Swarm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays NetBox 4.6 with the netbox-docker-plugin and the issue #180 models: the webhook a change fires (the default
 * body, {@code event, timestamp, object_type, username, request_id, data, request, snapshots}, in that order;
 * {@code data} as the plugin's REST serializer renders it with nested objects and relative URLs; snapshots with
 * ids), signed as NetBox signs it, and the REST objects a resync reads. The shapes follow the samples in
 * {@code fixtures/netbox-webhooks}.
 */
public final class NetboxWebhooks {

  private static final JsonNodeFactory F = JsonMapper.builder().build().getNodeFactory();
  private static final DateTimeFormatter DRF = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SNAPSHOT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'")
      .withZone(ZoneOffset.UTC);

  private final String secret;
  private final Function<Long, Host> hosts;
  private final String username;
  private Instant last = Instant.EPOCH;

  /**
   * @param secret the webhook's secret (null: unsigned)
   * @param hosts the Hosts of this NetBox, by id: objects nest them
   */
  public NetboxWebhooks(String secret, Function<Long, Host> hosts) {
    this.secret = secret;
    this.hosts = hosts;
    this.username = "admin";
  }

  public Webhook swarmCreated(Swarm swarm) {
    return webhook("created", "swarm", swarm.id(), "POST", "/api/plugins/docker/swarms/", swarmData(swarm), null,
        swarmSnapshot(swarm));
  }

  public Webhook swarmUpdated(Swarm before, Swarm after) {
    return webhook("updated", "swarm", after.id(), "PATCH", "/api/plugins/docker/swarms/" + after.id() + "/",
        swarmData(after), swarmSnapshot(before), swarmSnapshot(after));
  }

  public Webhook swarmDeleted(Swarm before) {
    return webhook("deleted", "swarm", before.id(), "DELETE", "/api/plugins/docker/swarms/" + before.id() + "/",
        swarmData(before), swarmSnapshot(before), null);
  }

  /** A Secret created through the API with its data; the plugin's event then carries the base64 data once. */
  public Webhook secretCreated(Secret secret, Swarm swarm) {
    ObjectNode data = secretData(secret, swarm);
    data.put("data", Base64.getEncoder().encodeToString(secret.data()));
    return webhook("created", "secret", secret.id(), "POST", "/api/plugins/docker/secrets/", data, null,
        secretSnapshot(secret));
  }

  /** A Secret's data written again through the API: the plugin's event carries the new base64 data once. */
  public Webhook secretUpdated(Secret before, Secret after, Swarm swarm) {
    ObjectNode data = secretData(after, swarm);
    data.put("data", Base64.getEncoder().encodeToString(after.data()));
    return webhook("updated", "secret", after.id(), "PATCH", "/api/plugins/docker/secrets/" + after.id() + "/",
        data, secretSnapshot(before), secretSnapshot(after));
  }

  private ObjectNode secretSnapshot(Secret secret) {
    ObjectNode snapshot = F.objectNode();
    snapshot.put("created", SNAPSHOT.format(now()));
    snapshot.put("swarm", secret.swarm());
    snapshot.put("name", secret.name());
    snapshot.putNull("SecretID");
    snapshot.putObject("custom_fields");
    snapshot.putArray("tags");
    return snapshot;
  }

  public Webhook networkCreated(Network network) {
    return webhook("created", "network", network.id(), "POST", "/api/plugins/docker/networks/",
        networkData(network), null, networkSnapshot(network));
  }

  public Webhook containerCreated(Container container) {
    return webhook("created", "container", container.id(), "POST", "/api/plugins/docker/containers/",
        containerData(container), null, containerSnapshot(container));
  }

  public Webhook containerDeleted(Container container) {
    return webhook("deleted", "container", container.id(), "DELETE",
        "/api/plugins/docker/containers/" + container.id() + "/", containerData(container),
        containerSnapshot(container), null);
  }

  // REST objects, as GET /api/plugins/docker/<endpoint>/ lists them (a resync reads these).

  public ObjectNode swarmData(Swarm swarm) {
    ObjectNode data = F.objectNode();
    data.put("id", swarm.id());
    data.put("url", "/api/plugins/docker/swarms/" + swarm.id() + "/");
    data.put("display", swarm.name());
    data.put("name", swarm.name());
    data.put("listen_addr", "0.0.0.0:2377");
    data.put("advertise_addr", swarm.advertiseAddr());
    data.put("state", "creating");
    data.putNull("SwarmID");
    data.putNull("JoinTokens");
    ArrayNode managers = data.putArray("manager_nodes");
    swarm.managers().forEach(h -> managers.add(nestedHost(h)));
    ArrayNode workers = data.putArray("worker_nodes");
    swarm.workers().forEach(h -> workers.add(nestedHost(h)));
    data.putArray("secrets");
    data.putObject("custom_fields");
    timestamps(data);
    data.putArray("tags");
    return data;
  }

  public ObjectNode hostData(long hostId) {
    ObjectNode host = nestedHost(hostId);
    host.putObject("custom_fields");
    timestamps(host);
    host.putArray("tags");
    return host;
  }

  public ObjectNode networkData(Network network) {
    ObjectNode data = F.objectNode();
    data.put("id", network.id());
    data.put("url", "/api/plugins/docker/networks/" + network.id() + "/");
    data.put("display", network.name());
    data.set("host", nestedHost(network.host()));
    data.put("name", network.name());
    data.put("driver", network.driver());
    data.putNull("NetworkID");
    data.put("state", "creating");
    data.putObject("custom_fields");
    timestamps(data);
    data.putArray("network_settings");
    data.putArray("tags");
    return data;
  }

  public ObjectNode containerData(Container c) {
    ObjectNode data = F.objectNode();
    data.put("id", c.id());
    data.put("url", "/api/plugins/docker/containers/" + c.id() + "/");
    data.put("display", c.name());
    data.set("host", nestedHost(c.host()));
    ObjectNode image = data.putObject("image");
    image.put("id", 8);
    image.put("url", "/api/plugins/docker/images/8/");
    image.put("display", "busybox:local");
    image.put("name", "busybox");
    image.put("version", "local");
    image.put("size", 1);
    image.put("ImageID", c.imageId());
    image.putNull("Digest");
    data.put("name", c.name());
    data.put("state", "none");
    data.put("operation", "create");
    data.putNull("status");
    data.putNull("ContainerID");
    data.put("hostname", c.name());
    data.put("restart_policy", c.restartPolicy());
    data.putNull("cap_add");
    if (c.cmd() == null) {
      data.putNull("cmd");
    } else {
      ArrayNode cmd = data.putArray("cmd");
      c.cmd().forEach(cmd::add);
    }
    data.putArray("ports");
    data.putArray("env");
    data.putArray("labels");
    data.putArray("mounts");
    data.putArray("binds");
    ArrayNode networks = data.putArray("network_settings");
    for (Network n : c.networks()) {
      ObjectNode network = networks.addObject().putObject("network");
      network.put("id", n.id());
      network.put("url", "/api/plugins/docker/networks/" + n.id() + "/");
      network.put("display", n.name());
      network.put("name", n.name());
      network.put("driver", n.driver());
      network.putNull("NetworkID");
      network.put("state", "creating");
    }
    ArrayNode mounts = data.putArray("secret_mounts");
    for (SecretMount m : c.secretMounts()) {
      ObjectNode mount = mounts.addObject();
      ObjectNode secret = mount.putObject("secret");
      secret.put("id", m.secret());
      secret.put("url", "/api/plugins/docker/secrets/" + m.secret() + "/");
      secret.put("display", m.secretName());
      secret.put("name", m.secretName());
      secret.putNull("SecretID");
      mount.put("target", m.target());
      mount.put("uid", m.uid());
      mount.put("gid", m.gid());
      mount.put("mode", m.mode());
    }
    data.putArray("devices");
    data.putNull("log_driver");
    data.putArray("log_driver_options");
    data.putArray("sysctls");
    data.putObject("custom_fields");
    timestamps(data);
    data.putArray("tags");
    return data;
  }

  private ObjectNode secretData(Secret secret, Swarm swarm) {
    ObjectNode data = F.objectNode();
    data.put("id", secret.id());
    data.put("url", "/api/plugins/docker/secrets/" + secret.id() + "/");
    data.put("display", secret.name());
    ObjectNode nested = data.putObject("swarm");
    nested.put("id", swarm.id());
    nested.put("url", "/api/plugins/docker/swarms/" + swarm.id() + "/");
    nested.put("display", swarm.name());
    nested.put("name", swarm.name());
    nested.put("state", "created");
    nested.putNull("SwarmID");
    data.put("name", secret.name());
    data.putNull("SecretID");
    data.putArray("labels");
    data.putObject("custom_fields");
    timestamps(data);
    data.putArray("secret_mounts");
    data.putArray("tags");
    return data;
  }

  private ObjectNode nestedHost(long hostId) {
    Host host = hosts.apply(hostId);
    ObjectNode node = F.objectNode();
    node.put("id", hostId);
    node.put("url", "/api/plugins/docker/hosts/" + hostId + "/");
    node.put("display", host == null ? "host-" + hostId : host.name());
    node.put("endpoint", host == null ? "http://192.0.2." + hostId + ":1880" : "http://" + host.address() + ":1880");
    node.put("name", host == null ? "host-" + hostId : host.name());
    node.put("state", "running");
    node.put("agent_version", "1.24.1-0");
    node.put("docker_api_version", "1.41");
    node.put("operation", "none");
    return node;
  }

  private ObjectNode swarmSnapshot(Swarm swarm) {
    ObjectNode s = F.objectNode();
    s.put("created", SNAPSHOT.format(now()));
    s.put("name", swarm.name());
    s.put("listen_addr", "0.0.0.0:2377");
    s.put("advertise_addr", swarm.advertiseAddr());
    s.put("state", "creating");
    s.putNull("SwarmID");
    s.putNull("JoinTokens");
    ArrayNode managers = s.putArray("manager_nodes");
    swarm.managers().forEach(managers::add);
    ArrayNode workers = s.putArray("worker_nodes");
    swarm.workers().forEach(workers::add);
    s.putObject("custom_fields");
    s.putArray("tags");
    return s;
  }

  private ObjectNode networkSnapshot(Network network) {
    ObjectNode s = F.objectNode();
    s.put("created", SNAPSHOT.format(now()));
    s.put("host", network.host());
    s.put("name", network.name());
    s.put("driver", network.driver());
    s.putNull("NetworkID");
    s.put("state", "creating");
    s.putObject("custom_fields");
    s.putArray("tags");
    return s;
  }

  private ObjectNode containerSnapshot(Container c) {
    ObjectNode s = F.objectNode();
    s.put("created", SNAPSHOT.format(now()));
    s.put("host", c.host());
    s.put("image", 8);
    s.put("name", c.name());
    s.put("state", "none");
    s.putNull("status");
    s.putNull("ContainerID");
    s.put("operation", "create");
    s.put("hostname", c.name());
    s.put("restart_policy", c.restartPolicy());
    s.putNull("cap_add");
    s.putNull("log_driver");
    if (c.cmd() == null) {
      s.putNull("cmd");
    } else {
      ArrayNode cmd = s.putArray("cmd");
      c.cmd().forEach(cmd::add);
    }
    s.putObject("custom_fields");
    s.putArray("tags");
    return s;
  }

  private void timestamps(ObjectNode data) {
    Instant now = now();
    data.put("created", DRF.format(now));
    data.put("last_updated", DRF.format(now));
  }

  private Webhook webhook(String event, String model, long id, String method, String path, ObjectNode data,
      ObjectNode prechange, ObjectNode postchange) {
    String requestId = UUID.randomUUID().toString();
    ObjectNode body = F.objectNode();
    body.put("event", event);
    body.put("timestamp", ISO.format(tick()));
    body.put("object_type", "netbox_docker_plugin." + model);
    body.put("username", username);
    body.put("request_id", requestId);
    body.set("data", data);
    ObjectNode request = body.putObject("request");
    request.put("id", requestId);
    request.put("method", method);
    request.put("path", path);
    request.put("user", username);
    ObjectNode snapshots = body.putObject("snapshots");
    snapshots.set("prechange", prechange);
    snapshots.set("postchange", postchange);
    byte[] bytes = PythonJson.dumps(body);
    return new Webhook(event + " " + model + " " + id, webhookMethod(model, event), bytes, sign(bytes));
  }

  /** The plugin's webhooks use these methods; a Swarm's are POST/PUT/DELETE like a Container's. */
  private static String webhookMethod(String model, String event) {
    return Map.of("created", "POST", "updated", "PUT", "deleted", "DELETE").get(event);
  }

  private String sign(byte[] body) {
    if (secret == null) {
      return null;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA512");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  /** Strictly increasing event instants: two changes in the same microsecond are still ordered. */
  private synchronized Instant tick() {
    Instant now = now();
    last = now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS);
    return last;
  }

  /** Hosts by id from a list. */
  public static Function<Long, Host> hostsOf(List<Host> hosts) {
    return id -> hosts.stream().filter(h -> h.id() == id).findFirst().orElse(null);
  }
}
