package io.netboxswarm.contracts.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netboxswarm.contracts.command.EndpointMode;
import io.netboxswarm.contracts.command.LeaveSwarm;
import io.netboxswarm.contracts.command.MountType;
import io.netboxswarm.contracts.command.RestartCondition;
import io.netboxswarm.contracts.command.RestartPolicy;
import io.netboxswarm.contracts.command.ServiceMount;
import io.netboxswarm.contracts.command.ServiceSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admission policy as a pure function: no broker, no engine, milliseconds. */
class AdmissionPolicyTest {

  static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  static final String NODE = "x1y2z3abcdefghijklmnopqrs";

  static ServiceSpec spec(String image, List<ServiceMount> mounts) {
    return ServiceSpec.newBuilder().setName("web").setImage(image).setCommand(null).setEnv(List.of())
        .setLabels(Map.of()).setMounts(mounts).setSecrets(List.of()).setNetworks(List.of())
        .setEndpointMode(EndpointMode.DNSRR).setRestartPolicy(new RestartPolicy(RestartCondition.ANY, null))
        .setPlacementConstraints(List.of("node.id==" + NODE)).setReplicas(1).build();
  }

  static ServiceMount bind(String source, boolean readOnly) {
    return new ServiceMount(MountType.BIND, source, "/data", readOnly);
  }

  static List<String> codes(List<AdmissionViolation> violations) {
    return violations.stream().map(AdmissionViolation::code).toList();
  }

  static List<String> bindCodes(AdmissionPolicy policy, String source, boolean readOnly) {
    return codes(policy.check(spec("busybox", List.of(bind(source, readOnly))), NODE));
  }

  @Test
  void byDefaultEveryBindIsRefusedAndVolumesAndAnyImagePass() {
    AdmissionPolicy policy = AdmissionPolicy.defaults();
    assertThat(bindCodes(policy, "/srv/data", true)).containsExactly("BIND_NOT_ALLOWED");
    assertThat(policy.check(spec("busybox", List.of(new ServiceMount(MountType.VOLUME, "web-data", "/data", false))),
        NODE)).isEmpty();
    assertThat(policy.check(spec("registry.example.com/a/b:1", List.of()), NODE)).isEmpty();
    AdmissionViolation v = policy.check(spec("busybox", List.of(bind("/srv/data", true))), NODE).get(0);
    assertThat(v.field()).isEqualTo("mounts[0].source");
    assertThat(v.reason()).contains("'/srv/data'", "none is configured", AdmissionPolicy.BINDS_SETTING,
        "named volume");
  }

  @Test
  void rootSocketAndParentSegmentsAreNeverAllowed() {
    AdmissionPolicy policy = AdmissionPolicy.parse("rw:/srv/data, rw:/var/lib/apps", null);
    assertThat(bindCodes(policy, "/", false)).containsExactly("BIND_ROOT");
    assertThat(bindCodes(policy, "//", true)).containsExactly("BIND_ROOT");
    assertThat(bindCodes(policy, "/./", true)).containsExactly("BIND_ROOT");
    assertThat(bindCodes(policy, "/var/run/docker.sock", true)).containsExactly("BIND_DOCKER_SOCKET");
    assertThat(bindCodes(policy, "/run/docker.sock", true)).containsExactly("BIND_DOCKER_SOCKET");
    assertThat(bindCodes(policy, "/var//run/./docker.sock", true)).containsExactly("BIND_DOCKER_SOCKET");
    assertThat(bindCodes(policy, "/var/run/", true)).containsExactly("BIND_DOCKER_SOCKET");
    assertThat(bindCodes(policy, "/run", true)).containsExactly("BIND_DOCKER_SOCKET");
    assertThat(bindCodes(policy, "/var", true)).containsExactly("BIND_DOCKER_SOCKET");
    assertThat(bindCodes(policy, "/srv/data/../../etc", true)).containsExactly("BIND_PARENT_SEGMENT");
    assertThat(bindCodes(policy, "/srv/data/..", true)).containsExactly("BIND_PARENT_SEGMENT");
    assertThat(bindCodes(policy, "srv/data", true)).containsExactly("BIND_NOT_ABSOLUTE");
    assertThat(bindCodes(policy, "", true)).containsExactly("BIND_NOT_ABSOLUTE");
    // A name that merely contains dots is no parent segment.
    assertThat(bindCodes(policy, "/srv/data/..hidden/x", true)).isEmpty();
  }

  @Test
  void aPrefixCoversItsDirectoryOnlyAfterNormalization() {
    AdmissionPolicy policy = AdmissionPolicy.parse("/srv/data/", null);
    assertThat(policy.bindPrefixes()).extracting(AdmissionPolicy.BindPrefix::path).containsExactly("/srv/data");
    assertThat(bindCodes(policy, "/srv/data", true)).isEmpty();
    assertThat(bindCodes(policy, "/srv/data/", true)).isEmpty();
    assertThat(bindCodes(policy, "/srv/data/app/conf", true)).isEmpty();
    assertThat(bindCodes(policy, "/srv//data/./app", true)).isEmpty();
    assertThat(bindCodes(policy, "/srv/database", true)).containsExactly("BIND_NOT_ALLOWED");
    assertThat(bindCodes(policy, "/srv", true)).containsExactly("BIND_NOT_ALLOWED");
    assertThat(bindCodes(policy, "/etc", true)).containsExactly("BIND_NOT_ALLOWED");
  }

  @Test
  void readWriteOnlyUnderAnRwPrefix() {
    AdmissionPolicy policy = AdmissionPolicy.of(List.of("/srv/conf", "rw:/srv/data", "ro:/srv/data/keys"),
        List.of());
    assertThat(bindCodes(policy, "/srv/conf/app", true)).isEmpty();
    assertThat(bindCodes(policy, "/srv/conf/app", false)).containsExactly("BIND_READ_WRITE");
    assertThat(policy.check(spec("busybox", List.of(bind("/srv/conf/app", false))), NODE).get(0).reason())
        .contains("'rw:/srv/conf'");
    assertThat(bindCodes(policy, "/srv/data/app", false)).isEmpty();
    assertThat(bindCodes(policy, "/srv/data/app", true)).isEmpty();
    // One covering prefix that allows read-write is enough.
    assertThat(bindCodes(policy, "/srv/data/keys", false)).isEmpty();
  }

  @Test
  void prefixesThatWouldOpenTooMuchAreRefusedAtStart() {
    assertThatThrownBy(() -> AdmissionPolicy.parse("/", null)).hasMessageContaining("whole host");
    assertThatThrownBy(() -> AdmissionPolicy.parse("rw://", null)).hasMessageContaining("whole host");
    assertThatThrownBy(() -> AdmissionPolicy.parse("/var/run", null)).hasMessageContaining("Docker socket");
    assertThatThrownBy(() -> AdmissionPolicy.parse("/run/docker.sock", null)).hasMessageContaining("Docker socket");
    assertThatThrownBy(() -> AdmissionPolicy.parse("/srv/../etc", null)).hasMessageContaining("'..'");
    assertThatThrownBy(() -> AdmissionPolicy.parse("srv", null)).hasMessageContaining("absolute");
    assertThatThrownBy(() -> AdmissionPolicy.parse(null, "x@sha256:" + HEX)).hasMessageContaining("registry");
  }

  @Test
  void volumesAreNamesNotPaths() {
    AdmissionPolicy policy = AdmissionPolicy.defaults();
    assertThat(codes(policy.checkMounts(List.of(new ServiceMount(MountType.VOLUME, "/etc", "/x", false)))))
        .containsExactly("VOLUME_NOT_A_NAME");
    assertThat(policy.checkMounts(List.of(new ServiceMount(MountType.VOLUME, "", "/x", false)))).isEmpty();
    assertThat(policy.checkMounts(List.of(new ServiceMount(MountType.VOLUME, "app_data.1", "/x", false)))).isEmpty();
  }

  @Test
  void imageReferencesAreParsedAsDockerDoes() {
    assertThat(ImageReference.parse("busybox"))
        .isEqualTo(new ImageReference("docker.io", "library/busybox", null, null));
    assertThat(ImageReference.parse("library/busybox:1.36"))
        .isEqualTo(new ImageReference("docker.io", "library/busybox", "1.36", null));
    assertThat(ImageReference.parse("team/app")).isEqualTo(new ImageReference("docker.io", "team/app", null, null));
    assertThat(ImageReference.parse("localhost/x")).isEqualTo(new ImageReference("localhost", "x", null, null));
    assertThat(ImageReference.parse("localhost:5000/x"))
        .isEqualTo(new ImageReference("localhost:5000", "x", null, null));
    assertThat(ImageReference.parse("registry.example.com/a/b:tag"))
        .isEqualTo(new ImageReference("registry.example.com", "a/b", "tag", null));
    assertThat(ImageReference.parse("Registry.Example.com:443/a"))
        .isEqualTo(new ImageReference("registry.example.com:443", "a", null, null));
    assertThat(ImageReference.parse("index.docker.io/busybox"))
        .isEqualTo(new ImageReference("docker.io", "library/busybox", null, null));
    ImageReference id = ImageReference.parse("sha256:" + HEX);
    assertThat(id).isEqualTo(new ImageReference(null, null, null, "sha256:" + HEX));
    assertThat(id.imageId()).isTrue();
    assertThat(id.pinned()).isTrue();
    assertThat(ImageReference.parse("x@sha256:" + HEX))
        .isEqualTo(new ImageReference("docker.io", "library/x", null, "sha256:" + HEX));
    assertThat(ImageReference.parse("registry.example.com/a/b:1@sha256:" + HEX))
        .isEqualTo(new ImageReference("registry.example.com", "a/b", "1", "sha256:" + HEX));
    for (String bad : List.of("", "UPPER", "x@sha256:abc", "x@md5:" + HEX, "a:b:c", "a/B", "x:",
        "sha256:abc@sha256:" + HEX + "0")) {
      assertThatThrownBy(() -> ImageReference.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void imagesAreOpenByDefaultAndOneSettingAwayFromRegistriesOrDigests() {
    AdmissionPolicy open = AdmissionPolicy.defaults();
    assertThat(open.checkImage("anything/at:all")).isEmpty();
    assertThat(codes(open.checkImage("not a reference"))).containsExactly("IMAGE_INVALID");

    AdmissionPolicy policy = AdmissionPolicy.parse(null, "sha256,registry.example.com/,localhost:5000");
    assertThat(policy.checkImage("sha256:" + HEX)).isEmpty();
    assertThat(policy.checkImage("busybox@sha256:" + HEX)).isEmpty();
    assertThat(policy.checkImage("evil.example.net/x@sha256:" + HEX)).isEmpty();
    assertThat(policy.checkImage("registry.example.com/a/b:tag")).isEmpty();
    assertThat(policy.checkImage("localhost:5000/x")).isEmpty();
    assertThat(codes(policy.checkImage("busybox"))).containsExactly("IMAGE_NOT_ALLOWED");
    assertThat(codes(policy.checkImage("library/busybox"))).containsExactly("IMAGE_NOT_ALLOWED");
    assertThat(codes(policy.checkImage("localhost/x"))).containsExactly("IMAGE_NOT_ALLOWED");
    assertThat(codes(policy.checkImage("registry.example.com.evil.net/a"))).containsExactly("IMAGE_NOT_ALLOWED");
    // A first component without '.', ':' or 'localhost' is a docker.io namespace, not a registry.
    assertThat(codes(policy.checkImage("registry/a"))).containsExactly("IMAGE_NOT_ALLOWED");
    assertThat(policy.checkImage("busybox").get(0).reason())
        .contains("docker.io/library/busybox", "not pinned by digest", AdmissionPolicy.IMAGES_SETTING);

    AdmissionPolicy repositories = AdmissionPolicy.parse(null, "docker.io/library/busybox, index.docker.io/team/");
    assertThat(repositories.checkImage("busybox:1.36")).isEmpty();
    assertThat(repositories.checkImage("team/app")).isEmpty();
    assertThat(codes(repositories.checkImage("busybox2"))).containsExactly("IMAGE_NOT_ALLOWED");
    assertThat(codes(repositories.checkImage("sha256:" + HEX))).containsExactly("IMAGE_NOT_ALLOWED");
    assertThat(repositories.checkImage("sha256:" + HEX).get(0).reason()).contains("'sha256'");
    assertThat(AdmissionPolicy.parse(null, "docker.io").checkImage("team/app")).isEmpty();
  }

  @Test
  void onlyThePlannedNodeConstraintAndOneReplica() {
    AdmissionPolicy policy = AdmissionPolicy.defaults();
    ServiceSpec ok = spec("busybox", List.of());
    assertThat(policy.check(ok, NODE)).isEmpty();
    assertThat(policy.check(ok, null)).isEmpty();
    assertThat(codes(policy.check(ok, "othernode"))).containsExactly("CONSTRAINT_NOT_ALLOWED");
    for (List<String> constraints : List.of(List.<String>of(), List.of("node.role==manager"),
        List.of("node.id==" + NODE, "node.role==manager"), List.of("node.id!=" + NODE), List.of("node.id=="),
        List.of("node.id==" + NODE + " "), List.of("node.hostname==h1"))) {
      ServiceSpec s = ServiceSpec.newBuilder(ok).setPlacementConstraints(constraints).build();
      assertThat(codes(policy.check(s, null))).as(constraints.toString()).containsExactly("CONSTRAINT_NOT_ALLOWED");
    }
    assertThat(codes(policy.check(ServiceSpec.newBuilder(ok).setReplicas(2).build(), NODE)))
        .containsExactly("REPLICAS_NOT_ONE");
    assertThat(codes(policy.check(ServiceSpec.newBuilder(ok).setReplicas(0).build(), NODE)))
        .containsExactly("REPLICAS_NOT_ONE");
    assertThat(codes(policy.check(ServiceSpec.newBuilder(ok).setNetworks(List.of("app", "host")).build(), NODE)))
        .containsExactly("NETWORK_NOT_ALLOWED");
  }

  @Test
  void everyViolationIsListed() {
    ServiceSpec bad = ServiceSpec.newBuilder(spec("busybox", List.of(bind("/", false), bind("/run/docker.sock",
        true)))).setReplicas(3).setPlacementConstraints(List.of()).build();
    assertThat(policyWithImages("sha256").check(bad, NODE)).extracting(AdmissionViolation::field)
        .containsExactly("image", "mounts[0].source", "mounts[1].source", "placementConstraints", "replicas");
  }

  private static AdmissionPolicy policyWithImages(String images) {
    return AdmissionPolicy.parse(null, images);
  }

  @Test
  void aLeaveMustNameItsCluster() {
    AdmissionPolicy policy = AdmissionPolicy.defaults();
    assertThat(policy.check(new LeaveSwarm("cluster1", true, List.of()))).isEmpty();
    assertThat(policy.check(new LeaveSwarm(null, false, List.of("10.0.0.1:2377")))).isEmpty();
    assertThat(codes(policy.check(new LeaveSwarm(null, true, List.of())))).containsExactly("LEAVE_WITHOUT_CLUSTER");
    assertThat(policy.check(new LeaveSwarm(null, true, List.of())).get(0).reason()).startsWith("forced leave");
    assertThat(codes(policy.check(new LeaveSwarm(" ", false, List.of())))).containsExactly("LEAVE_WITHOUT_CLUSTER");
  }
}
