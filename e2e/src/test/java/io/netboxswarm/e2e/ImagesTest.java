package io.netboxswarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.LocalNodeState;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.result.CommandStatus;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.sealing.KeyGenerator;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.docker.DockerEngines;
import io.netboxswarm.testkit.docker.Engine;
import io.netboxswarm.testkit.docker.Engines;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The project's images, built as docker-compose builds them: each Dockerfile on a JRE base image made here
 * ({@code scripts/base-image.sh}: no registry can be reached), passed as {@code BASE_IMAGE}. Then the agent's image
 * runs on a real engine, started by Testcontainers (no Ryuk, no pull) the way its README's {@code docker run} line
 * starts it: host network, the engine's socket mounted, its keysets mounted; it heartbeats and executes a command.
 */
@ExtendWith({Platform.class, DockerEngines.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImagesTest {

  private static final String BASE = "netbox-swarm/jre17:local";
  private static final long HOST = 21;
  static Engines engines;
  static Engine engine;
  static String agentImage;

  @BeforeAll
  static void baseImage(Engines fixture) throws Exception {
    engines = fixture;
    engines.resetSwarms();
    engine = engines.engine(1);
    Process base = new ProcessBuilder(project().resolve("scripts/base-image.sh").toString(), engine.dockerHost(), BASE)
        .inheritIO().start();
    assertThat(base.waitFor()).as("scripts/base-image.sh").isZero();
  }

  @AfterAll
  static void reset() {
    if (engines != null) {
      engines.resetSwarms();
    }
  }

  @Test
  @Order(1)
  void eachServiceImageBuildsFromTheLocalBaseImage() throws Exception {
    try (DockerClient docker = engine.client()) {
      for (String module : List.of("netbox-ingest", "swarm-orchestrator", "host-agent")) {
        String tag = "netbox-swarm/" + module + ":test";
        String id = docker.buildImageCmd(project().resolve(module).toFile()).withBuildArg("BASE_IMAGE", BASE)
            .withTags(Set.of(tag)).withPull(false).start().awaitImageId();
        var config = docker.inspectImageCmd(id).exec().getConfig();
        assertThat(String.join(" ", config.getEntrypoint())).as(module).startsWith("java ").contains("-jar /opt/");
        if (module.equals("host-agent")) {
          agentImage = tag;
        }
      }
    }
  }

  @Test
  @Order(2)
  void theAgentImageStartsFromTheClassDataArchiveItsBuildMade() throws Exception {
    assertThat(agentImage).as("built by the first test").isNotNull();
    try (DockerClient docker = engine.client()) {
      // The image's own entrypoint, asked to check its archive: with -Xshare:on the JVM fails, rather than silently
      // doing without, when the archive does not match its jar or its JVM.
      List<String> entrypoint = new ArrayList<>(List.of(docker.inspectImageCmd(agentImage).exec().getConfig()
          .getEntrypoint()));
      assertThat(entrypoint).contains("-XX:SharedArchiveFile=/opt/host-agent/host-agent.jsa");
      entrypoint.addAll(entrypoint.indexOf("-jar"), List.of("-Xshare:on", "-XX:+PrintSharedArchiveAndExit"));
      String id = docker.createContainerCmd(agentImage).withEntrypoint(entrypoint).exec().getId();
      try {
        docker.startContainerCmd(id).exec();
        int exit = docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
        String output = logsOf(docker, id);
        assertThat(exit).as("%s", output).isZero();
        assertThat(output).contains("archive is valid", "io.netboxswarm.agent.HostAgent");
      } finally {
        docker.removeContainerCmd(id).withForce(true).exec();
      }
    }
  }

  @Test
  @Order(3)
  void theIngestAndOrchestratorImagesSealWithBoringSsl() throws Exception {
    try (DockerClient docker = engine.client()) {
      for (String module : List.of("netbox-ingest", "swarm-orchestrator")) {
        String image = "netbox-swarm/" + module + ":test";
        // The image's own java and jar, asked where they compute X25519 (NativeX25519's main): the native library
        // must load on the base image, else sealing silently falls back to Java.
        String id = docker.createContainerCmd(image).withEntrypoint("java", "-cp", "/opt/" + module + "/" + module
            + ".jar", "-Dloader.main=io.netboxswarm.sealing.NativeX25519",
            "org.springframework.boot.loader.launch.PropertiesLauncher").exec().getId();
        try {
          docker.startContainerCmd(id).exec();
          int exit = docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
          String output = logsOf(docker, id);
          assertThat(exit).as("%s: %s", module, output).isZero();
          assertThat(output).as(module).startsWith("BoringSSL (Conscrypt ");
        } finally {
          docker.removeContainerCmd(id).withForce(true).exec();
        }
      }
    }
  }

  private static String logsOf(DockerClient docker, String container) throws InterruptedException {
    StringBuilder output = new StringBuilder();
    docker.logContainerCmd(container).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
      }
    }).awaitCompletion(30, TimeUnit.SECONDS);
    return output.toString();
  }

  @Test
  @Order(4)
  void theAgentImageHeartbeatsAndExecutesACommandOnTheRealEngine() throws Exception {
    assertThat(agentImage).as("built by the first test").isNotNull();
    try (KafkaBroker broker = KafkaBroker.start()) {
      String registry = Platform.registry().url();
      int kafkaPort = URI.create("kafka://" + broker.bootstrapServers()).getPort();
      // The container shares the engine's network namespace: its 127.0.0.1 leads to the broker and registry here.
      engine.forwardLoopback(kafkaPort, URI.create(registry).getPort());
      broker.createTopics(Topics.commandsFor(HOST), Topics.AGENT_RESULTS, Topics.AGENT_HEARTBEATS);
      broker.grantHost(HOST);
      String pkiPassword = broker.pki().password();
      Path keys = Files.createTempDirectory("agent-image-keys");
      KeyGenerator.generate(SealingContext.ORCHESTRATOR, keys);
      KeyGenerator.generate(SealingContext.hostRecipient(HOST), keys);
      keys.toFile().setReadable(true, false);

      try (GenericContainer<?> agent = new GenericContainer<>(agentImage)
          .withNetworkMode("host")
          .withFileSystemBind(engine.socket(), "/var/run/docker.sock", BindMode.READ_WRITE)
          .withFileSystemBind(keys.toString(), "/run/keys", BindMode.READ_ONLY)
          // Its own Kafka key store (CN=host-<id>) and the CA's trust store, as a user mounts them.
          .withFileSystemBind(broker.pki().keystore(SealingContext.hostRecipient(HOST)).toString(), "/run/pki/host.p12",
              BindMode.READ_ONLY)
          .withFileSystemBind(broker.pki().truststore().toString(), "/run/pki/truststore.p12", BindMode.READ_ONLY)
          .withEnv("NETBOX_SWARM_KAFKA_SECURITY_PROTOCOL", "SSL")
          .withEnv("NETBOX_SWARM_KAFKA_SSL_KEYSTORE_TYPE", "PKCS12")
          .withEnv("NETBOX_SWARM_KAFKA_SSL_KEYSTORE_LOCATION", "/run/pki/host.p12")
          .withEnv("NETBOX_SWARM_KAFKA_SSL_KEYSTORE_PASSWORD", pkiPassword)
          .withEnv("NETBOX_SWARM_KAFKA_SSL_KEY_PASSWORD", pkiPassword)
          .withEnv("NETBOX_SWARM_KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12")
          .withEnv("NETBOX_SWARM_KAFKA_SSL_TRUSTSTORE_LOCATION", "/run/pki/truststore.p12")
          .withEnv("NETBOX_SWARM_KAFKA_SSL_TRUSTSTORE_PASSWORD", pkiPassword)
          .withEnv("NETBOX_SWARM_AGENT_HOST_ID", String.valueOf(HOST))
          .withEnv("NETBOX_SWARM_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers())
          .withEnv("NETBOX_SWARM_REGISTRY_URL", registry)
          .withEnv("NETBOX_SWARM_AGENT_KEYSET_FILE", "/run/keys/host-" + HOST + ".private.json")
          .withEnv("NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE", "/run/keys/orchestrator.public.json")
          .withEnv("NETBOX_SWARM_AGENT_HOST_ADDRESS", engine.address())
          .withEnv("NETBOX_SWARM_AGENT_HEARTBEAT_INTERVAL", "1s")
          .waitingFor(Wait.forLogMessage(".*host agent for host " + HOST + " started.*", 1)
              .withStartupTimeout(Duration.ofSeconds(90)))) {
        agent.start();

        Heartbeat heartbeat = Records.await(broker.clientProperties("admin"), registry, Topics.AGENT_HEARTBEATS,
            Heartbeat.class, h -> h.getHostId() == HOST && h.getEngineReachable(), Duration.ofSeconds(60));
        assertThat(heartbeat.getHostAddress()).isEqualTo(engine.address());
        assertThat(heartbeat.getApiVersion()).isEqualTo("1.41");

        HostCommand init = HostCommand.newBuilder().setCommandId("cmd-image-" + UUID.randomUUID()).setHostId(HOST)
            .setSwarmId(77L).setIssuedAt(Instant.now()).setDeadline(Instant.now().plusSeconds(120))
            .setAction(new InitSwarm("0.0.0.0:2377", engine.address(), "image-test")).build();
        // Signed with the orchestrator's key, which the image's agent finds beside its public keyset.
        Records.send(broker.clientProperties("admin"), registry, Topics.commandsFor(HOST), String.valueOf(HOST), init,
            io.netboxswarm.sealing.RecordSigner.of(SealingContext.ORCHESTRATOR, new io.netboxswarm.sealing.Keysets(
                k -> null).signingPrivateKeyset(keys.resolve("orchestrator.signing.private.json"), null)));
        CommandResult result = Records.await(broker.clientProperties("admin"), registry, Topics.AGENT_RESULTS,
            CommandResult.class, r -> r.getCommandId().equals(init.getCommandId()), Duration.ofSeconds(90));
        assertThat(result.getStatus()).as("%s", result).isEqualTo(CommandStatus.SUCCEEDED);
        try (DockerClient docker = engine.client()) {
          assertThat(docker.infoCmd().exec().getSwarm().getLocalNodeState()).isEqualTo(LocalNodeState.ACTIVE);
          assertThat(((SwarmOutcome) result.getOutcome()).getClusterId())
              .isEqualTo(docker.inspectSwarmCmd().exec().getId());
        }
      }
    }
  }

  private static Path project() {
    return Path.of(System.getProperty("netboxswarm.project.dir", "..")).toAbsolutePath().normalize();
  }

}
