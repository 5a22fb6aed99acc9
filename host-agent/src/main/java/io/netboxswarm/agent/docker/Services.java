package io.netboxswarm.agent.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.TaskSpec;

import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.EndpointMode;
import io.netboxswarm.contracts.command.RemoveService;
import io.netboxswarm.contracts.command.ServiceSecret;
import io.netboxswarm.contracts.command.ServiceSpec;
import io.netboxswarm.contracts.command.UpdateService;
import io.netboxswarm.contracts.result.ServiceOutcome;

/**
 * Swarm services on a manager. Each carries a label with a digest of the spec it was made from: the same spec
 * again is already done, another one updates the service in place (Docker allows any field to change).
 */
public final class Services {

  static final String SPEC_DIGEST_LABEL = "io.netboxswarm.spec-digest";

  private final DockerClient docker;
  private final Secrets secrets;

  public Services(DockerClient docker, Secrets secrets) {
    this.docker = docker;
    this.secrets = secrets;
  }

  public Execution create(CreateService create) {
    return apply(create.getSpec());
  }

  public Execution update(UpdateService update) {
    return apply(update.getSpec());
  }

  public Execution remove(RemoveService remove) {
    Optional<Service> existing = named(remove.getName());
    if (existing.isEmpty()) {
      return Execution.alreadyDone(null);
    }
    docker.removeServiceCmd(existing.get().getId()).exec();
    return Execution.succeeded(new ServiceOutcome(existing.get().getId()));
  }

  private Execution apply(ServiceSpec wanted) {
    String digest = digest(wanted);
    Optional<Service> existing = named(wanted.getName());
    com.github.dockerjava.api.model.ServiceSpec spec = toDocker(wanted, digest);
    if (existing.isEmpty()) {
      return Execution.succeeded(new ServiceOutcome(docker.createServiceCmd(spec).exec().getId()));
    }
    Service service = existing.get();
    Map<String, String> labels = service.getSpec().getLabels();
    if (labels != null && digest.equals(labels.get(SPEC_DIGEST_LABEL))) {
      return Execution.alreadyDone(new ServiceOutcome(service.getId()));
    }
    docker.updateServiceCmd(service.getId(), spec).withVersion(service.getVersion().getIndex()).exec();
    return Execution.succeeded(new ServiceOutcome(service.getId()));
  }

  private com.github.dockerjava.api.model.ServiceSpec toDocker(ServiceSpec wanted, String digest) {
    ContainerSpec container = new ContainerSpec()
        .withImage(wanted.getImage())
        .withEnv(wanted.getEnv())
        .withLabels(wanted.getLabels())
        .withMounts(wanted.getMounts().stream().map(m -> new Mount()
            .withType(m.getType() == io.netboxswarm.contracts.command.MountType.BIND ? MountType.BIND
                : MountType.VOLUME)
            .withSource(m.getSource()).withTarget(m.getTarget()).withReadOnly(m.getReadOnly())).toList())
        .withSecrets(wanted.getSecrets().stream().map(this::secret).toList());
    if (wanted.getCommand() != null) {
      container.withCommand(wanted.getCommand());
    }
    var restart = wanted.getRestartPolicy();
    ServiceRestartPolicy restartPolicy = new ServiceRestartPolicy()
        .withCondition(switch (restart.getCondition()) {
          case NONE -> ServiceRestartCondition.NONE;
          case ON_FAILURE -> ServiceRestartCondition.ON_FAILURE;
          case ANY -> ServiceRestartCondition.ANY;
        });
    if (restart.getMaxAttempts() != null) {
      restartPolicy.withMaxAttempts(restart.getMaxAttempts().longValue());
    }
    Map<String, String> labels = new HashMap<>(wanted.getLabels());
    labels.put(SPEC_DIGEST_LABEL, digest);
    return new com.github.dockerjava.api.model.ServiceSpec()
        .withName(wanted.getName())
        .withLabels(labels)
        .withTaskTemplate(new TaskSpec()
            .withContainerSpec(container)
            .withRestartPolicy(restartPolicy)
            .withPlacement(new ServicePlacement().withConstraints(wanted.getPlacementConstraints()))
            .withNetworks(wanted.getNetworks().stream().map(n -> new NetworkAttachmentConfig().withTarget(n))
                .toList()))
        .withMode(new ServiceModeConfig().withReplicated(
            new ServiceReplicatedModeOptions().withReplicas(wanted.getReplicas())))
        // No IPVS on these hosts, and DNS round robin needs none.
        .withEndpointSpec(new EndpointSpec().withMode(wanted.getEndpointMode() == EndpointMode.VIP
            ? EndpointResolutionMode.VIP : EndpointResolutionMode.DNSRR));
  }

  private ContainerSpecSecret secret(ServiceSecret s) {
    String id = s.getSecretId() != null ? s.getSecretId() : secrets.idOf(s.getSecretName()).orElseThrow(
        () -> new CommandFailure("SECRET_NOT_FOUND", "the service needs secret " + s.getSecretName()
            + ", which this swarm does not have yet", true));
    return new ContainerSpecSecret().withSecretId(id).withSecretName(s.getSecretName())
        .withFile(new ContainerSpecFile().withName(s.getTarget()).withUid(s.getUid()).withGid(s.getGid())
            .withMode((long) s.getMode()));
  }

  private Optional<Service> named(String name) {
    return docker.listServicesCmd().withNameFilter(List.of(name)).exec().stream()
        .filter(s -> name.equals(s.getSpec().getName())).findFirst();
  }

  /** A digest of the wanted spec (names and ids only: a spec holds no secret data). */
  static String digest(ServiceSpec spec) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
      new SpecificDatumWriter<>(ServiceSpec.class).write(spec, encoder);
      encoder.flush();
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()), 0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
