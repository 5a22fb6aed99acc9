package io.netboxswarm.contracts.admission;

import io.netboxswarm.contracts.command.LeaveSwarm;
import io.netboxswarm.contracts.command.MountType;
import io.netboxswarm.contracts.command.ServiceMount;
import io.netboxswarm.contracts.command.ServiceSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a NetBox editor may make a swarm host run: the one place the orchestrator (before it plans a service) and
 * the agent (before it calls its engine, even for a validly signed command) both check. A pure, immutable value;
 * {@link #check} touches nothing.
 *
 * <p>By default: no bind mount at all (named volumes are fine), any image, one replica pinned with
 * {@code node.id==<node id>} and nothing else as a placement constraint, no {@code host} network, and a
 * {@code LeaveSwarm} must name its cluster. Never allowed, whatever the settings: a bind of {@code /}, of the
 * Docker socket ({@code /var/run/docker.sock}, {@code /run/docker.sock}) or of a directory above or below it, or
 * of a path with a {@code ..} segment.
 *
 * <p>The {@code ServiceSpec} of the contracts carries no privileged flag, capability, device, host PID/IPC/UTS
 * namespace, user, sysctl or security option: a service it describes cannot ask for them. What it can carry that
 * reaches the host is checked here: binds, the image, placement, replicas and networks ({@code host}).
 *
 * <p>Paths are compared as text after normalization ({@code //} and {@code .} segments dropped, no trailing
 * {@code /}); a symbolic link on the host is not followed (the orchestrator cannot see the host, and the agent
 * usually runs in a container that sees only the engine's socket): an allowed prefix should be a directory no
 * container can plant a link in, i.e. not one allowed read-write to the containers it serves.
 *
 * @param bindPrefixes host directories under which binds are allowed; empty: no bind is allowed
 * @param allowedImages where images may come from: {@code sha256} (any image pinned by digest: an image id
 *     {@code sha256:<hex>} or {@code name@sha256:<hex>}), a registry host ({@code registry.example.com},
 *     {@code localhost:5000}, {@code docker.io}), or a repository prefix ({@code registry.example.com/team/}: every
 *     repository under it; {@code docker.io/library/busybox}: that repository); empty: any image
 */
public record AdmissionPolicy(List<BindPrefix> bindPrefixes, List<String> allowedImages) {

  /** The bind prefixes' setting: the same variable for the orchestrator and the agents, set alike. */
  public static final String BINDS_SETTING = "NETBOX_SWARM_ADMISSION_BIND_PREFIXES";
  public static final String IMAGES_SETTING = "NETBOX_SWARM_ADMISSION_ALLOWED_IMAGES";
  /** The entry of {@link #allowedImages} that admits any image pinned by its digest. */
  public static final String PINNED = "sha256";
  /** The engine's socket, where Debian and Docker put it ({@code /var/run} is a link to {@code /run}). */
  public static final List<String> DOCKER_SOCKETS = List.of("/var/run/docker.sock", "/run/docker.sock");
  /** Networks a service may not join: {@code host} shares the host's network stack. */
  public static final List<String> FORBIDDEN_NETWORKS = List.of("host");
  public static final String NODE_CONSTRAINT = "node.id==";

  private static final Pattern NODE_ID = Pattern.compile("[a-z0-9]{1,64}");
  private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  private static final String SETTINGS = "(" + BINDS_SETTING + ", on the orchestrator and the agents)";
  private static final String IMAGE_SETTINGS = "(" + IMAGES_SETTING + ", on the orchestrator and the agents)";

  /**
   * A directory under which binds are allowed.
   *
   * @param path absolute and normalized, never {@code /}
   * @param readWrite whether binds under it may be read-write (written {@code rw:/path}); else read-only only
   */
  public record BindPrefix(String path, boolean readWrite) {

    public BindPrefix {
      if (path == null || !path.startsWith("/")) {
        throw new IllegalArgumentException("bind prefix '" + path + "' is not an absolute path");
      }
      if (hasParentSegment(path)) {
        throw new IllegalArgumentException("bind prefix '" + path + "' has a '..' segment");
      }
      path = normalize(path);
      if (path.equals("/")) {
        throw new IllegalArgumentException("bind prefix '/' would allow binding the whole host; name a directory");
      }
      if (touchesDockerSocket(path)) {
        throw new IllegalArgumentException("bind prefix '" + path + "' contains or is the Docker socket; binding it"
            + " gives root on the host and is never allowed");
      }
    }

    /** {@code rw:/srv/data}, {@code ro:/srv/data} or {@code /srv/data} (read-only). */
    public static BindPrefix parse(String entry) {
      String e = entry.strip();
      if (e.startsWith("rw:")) {
        return new BindPrefix(e.substring(3), true);
      }
      return new BindPrefix(e.startsWith("ro:") ? e.substring(3) : e, false);
    }

    /** Whether {@code normalizedPath} is this directory or below it (not merely a string prefix). */
    public boolean covers(String normalizedPath) {
      return normalizedPath.equals(path) || normalizedPath.startsWith(path + "/");
    }

    @Override
    public String toString() {
      return (readWrite ? "rw:" : "") + path;
    }
  }

  public AdmissionPolicy {
    bindPrefixes = List.copyOf(bindPrefixes);
    List<String> images = new ArrayList<>();
    for (String entry : allowedImages) {
      String e = entry.strip().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        continue;
      }
      if (e.contains("@") || (!e.equals(PINNED) && e.startsWith("sha256:"))) {
        throw new IllegalArgumentException("allowed image entry '" + entry + "': name a registry or a repository"
            + " prefix, or 'sha256' for any image pinned by digest");
      }
      images.add(e);
    }
    allowedImages = List.copyOf(images);
  }

  /** The default: no bind, any image. */
  public static AdmissionPolicy defaults() {
    return new AdmissionPolicy(List.of(), List.of());
  }

  /** From the entries of the two settings, e.g. {@code ["rw:/srv/data", "/srv/conf"]} and {@code ["sha256"]}. */
  public static AdmissionPolicy of(Collection<String> bindPrefixes, Collection<String> allowedImages) {
    List<BindPrefix> prefixes = new ArrayList<>();
    for (String entry : bindPrefixes == null ? List.<String>of() : bindPrefixes) {
      if (entry != null && !entry.isBlank()) {
        prefixes.add(BindPrefix.parse(entry));
      }
    }
    return new AdmissionPolicy(prefixes, allowedImages == null ? List.of() : List.copyOf(allowedImages));
  }

  /** From two comma- (or space-) separated lists, as environment variables hold them; null or blank: none. */
  public static AdmissionPolicy parse(String bindPrefixes, String allowedImages) {
    return of(split(bindPrefixes), split(allowedImages));
  }

  private static List<String> split(String list) {
    return list == null || list.isBlank() ? List.of()
        : Arrays.stream(list.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
  }

  /**
   * Everything refused in a service spec.
   *
   * @param expectedNodeId the node the service must be pinned to; {@code null} when the checker cannot know it (the
   *     agent: the service is created on a manager and pinned to another host's node), then any single
   *     {@code node.id==<id>} constraint passes
   * @return empty when the spec is admitted
   */
  public List<AdmissionViolation> check(ServiceSpec spec, String expectedNodeId) {
    List<AdmissionViolation> out = new ArrayList<>(checkImage(spec.getImage()));
    out.addAll(checkMounts(spec.getMounts()));
    out.addAll(checkNetworks(spec.getNetworks()));
    List<String> constraints = spec.getPlacementConstraints();
    boolean pinned = constraints.size() == 1 && constraints.get(0) != null
        && constraints.get(0).startsWith(NODE_CONSTRAINT)
        && (expectedNodeId == null ? NODE_ID.matcher(constraints.get(0).substring(NODE_CONSTRAINT.length()))
            .matches() : constraints.get(0).equals(NODE_CONSTRAINT + expectedNodeId));
    if (!pinned) {
      out.add(new AdmissionViolation("CONSTRAINT_NOT_ALLOWED", "placementConstraints", "placement constraints "
          + constraints + " refused: a service must have exactly one, '" + NODE_CONSTRAINT
          + (expectedNodeId == null ? "<node id>" : expectedNodeId) + "', which pins it to its container's host;"
          + " no setting allows others"));
    }
    if (spec.getReplicas() != 1) {
      out.add(new AdmissionViolation("REPLICAS_NOT_ONE", "replicas", "replicas " + spec.getReplicas()
          + " refused: a NetBox container is one task on its own host; no setting allows more"));
    }
    return List.copyOf(out);
  }

  /** The image: anything when {@link #allowedImages} is empty, else one of its entries must admit it. */
  public List<AdmissionViolation> checkImage(String image) {
    ImageReference ref;
    try {
      ref = ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      return List.of(new AdmissionViolation("IMAGE_INVALID", "image", "image '" + image + "' refused: "
          + e.getMessage()));
    }
    if (allowedImages.isEmpty() || admits(ref)) {
      return List.of();
    }
    String from = ref.imageId() ? "is an image id" : "is " + ref.repository() + " (registry " + ref.registry() + ")"
        + (ref.pinned() ? " pinned by digest" : ", not pinned by digest");
    return List.of(new AdmissionViolation("IMAGE_NOT_ALLOWED", "image", "image '" + image + "' refused: it " + from
        + ", and images are allowed only from " + allowedImages + " " + IMAGE_SETTINGS + "; add its registry or"
        + " repository there" + (allowedImages.contains(PINNED) ? "" : ", or 'sha256' to allow any image pinned by"
        + " digest") + ", or refer to it by digest"));
  }

  private boolean admits(ImageReference ref) {
    if (ref.pinned() && allowedImages.contains(PINNED)) {
      return true;
    }
    if (ref.imageId()) {
      return false;
    }
    String repository = ref.repository();
    for (String entry : allowedImages) {
      if (entry.equals(PINNED)) {
        continue;
      }
      String e = entry.startsWith("index.docker.io/") || entry.equals("index.docker.io")
          ? "docker.io" + entry.substring("index.docker.io".length()) : entry;
      if (e.indexOf('/') < 0 ? ref.registry().equals(e)
          : e.endsWith("/") ? repository.startsWith(e) : repository.equals(e) || repository.startsWith(e + "/")) {
        return true;
      }
    }
    return false;
  }

  public List<AdmissionViolation> checkMounts(List<ServiceMount> mounts) {
    List<AdmissionViolation> out = new ArrayList<>();
    for (int i = 0; i < mounts.size(); i++) {
      checkMount(mounts.get(i), "mounts[" + i + "]", out);
    }
    return List.copyOf(out);
  }

  private void checkMount(ServiceMount mount, String field, List<AdmissionViolation> out) {
    String source = mount.getSource();
    String target = mount.getTarget();
    if (mount.getType() == MountType.VOLUME) {
      if (source != null && !source.isEmpty() && !VOLUME_NAME.matcher(source).matches()) {
        out.add(new AdmissionViolation("VOLUME_NOT_A_NAME", field + ".source", "volume '" + source + "' on " + target
            + " refused: a volume is named by letters, digits, '_', '.' and '-'; a host path is a bind"));
      }
      return;
    }
    String what = "bind of host path '" + source + "' on " + target;
    if (source == null || !source.startsWith("/")) {
      out.add(new AdmissionViolation("BIND_NOT_ABSOLUTE", field + ".source", what + " refused: a bind source must be"
          + " an absolute host path"));
      return;
    }
    if (hasParentSegment(source)) {
      out.add(new AdmissionViolation("BIND_PARENT_SEGMENT", field + ".source", what + " refused: a '..' segment"
          + " could leave an allowed directory; write the path without it"));
      return;
    }
    String path = normalize(source);
    if (path.equals("/")) {
      out.add(new AdmissionViolation("BIND_ROOT", field + ".source", what + " refused: it is the host's whole file"
          + " system; never allowed"));
      return;
    }
    if (touchesDockerSocket(path)) {
      out.add(new AdmissionViolation("BIND_DOCKER_SOCKET", field + ".source", what + " refused: it is or contains the"
          + " Docker socket, which gives root on the host; never allowed"));
      return;
    }
    List<BindPrefix> covering = bindPrefixes.stream().filter(p -> p.covers(path)).toList();
    if (covering.isEmpty()) {
      out.add(new AdmissionViolation("BIND_NOT_ALLOWED", field + ".source", what + " refused: binds are allowed"
          + " only under " + (bindPrefixes.isEmpty() ? "configured directories, and none is configured"
          : bindPrefixes) + "; add a directory holding '" + path + "' to the bind prefixes " + SETTINGS
          + " ('rw:' before it for read-write), or use a named volume"));
      return;
    }
    if (!mount.getReadOnly() && covering.stream().noneMatch(BindPrefix::readWrite)) {
      out.add(new AdmissionViolation("BIND_READ_WRITE", field + ".readOnly", what + " refused read-write: "
          + covering.get(0).path() + " is allowed read-only; make the bind read-only, or list the directory as 'rw:"
          + covering.get(0).path() + "' in the bind prefixes " + SETTINGS));
    }
  }

  public List<AdmissionViolation> checkNetworks(List<String> networks) {
    List<AdmissionViolation> out = new ArrayList<>();
    for (int i = 0; i < networks.size(); i++) {
      if (FORBIDDEN_NETWORKS.contains(networks.get(i))) {
        out.add(new AdmissionViolation("NETWORK_NOT_ALLOWED", "networks[" + i + "]", "network '" + networks.get(i)
            + "' refused: it shares the host's network stack; no setting allows it"));
      }
    }
    return List.copyOf(out);
  }

  /** A leave must name the cluster it leaves: an agent never leaves (let alone forces out of) a cluster blindly. */
  public List<AdmissionViolation> check(LeaveSwarm leave) {
    boolean named = (leave.getClusterId() != null && !leave.getClusterId().isBlank())
        || (leave.getManagerAddrs() != null && !leave.getManagerAddrs().isEmpty());
    if (named) {
      return List.of();
    }
    return List.of(new AdmissionViolation("LEAVE_WITHOUT_CLUSTER", "clusterId", (leave.getForce() ? "forced " : "")
        + "leave refused: it names no cluster (no cluster id, no manager address), so the agent cannot check that"
        + " the node is in the swarm it is asked to leave; no setting allows it"));
  }

  /** {@code /a//b/./c/} to {@code /a/b/c}; {@code ..} segments are kept (callers refuse them first). */
  static String normalize(String path) {
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      out.append('/').append(segment);
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  static boolean hasParentSegment(String path) {
    return Arrays.asList(path.split("/")).contains("..");
  }

  /** The socket itself, a directory above it, or a path below it (a socket has none, but refuse it anyway). */
  static boolean touchesDockerSocket(String normalized) {
    for (String socket : DOCKER_SOCKETS) {
      if (socket.equals(normalized) || socket.startsWith(normalized + "/") || normalized.startsWith(socket + "/")) {
        return true;
      }
    }
    return false;
  }

  /** The settings as an operator writes them. */
  public String describe() {
    return "bind prefixes " + (bindPrefixes.isEmpty() ? "none (no bind allowed)" : bindPrefixes.toString())
        + ", images " + (allowedImages.isEmpty() ? "any" : allowedImages.toString());
  }
}
