package io.netboxswarm.orchestrator;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.netbox.NetboxApi;
import io.netboxswarm.netbox.NetboxToken;
import io.netboxswarm.orchestrator.commands.CommandSettings;
import io.netboxswarm.orchestrator.keys.HostKeysets;
import io.netboxswarm.orchestrator.keys.OrchestratorSignatures;
import io.netboxswarm.orchestrator.keys.Resealer;
import io.netboxswarm.orchestrator.netbox.NetboxWriter;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.NativeX25519;
import io.netboxswarm.sealing.Opener;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the orchestrator's keys and its NetBox writer into Spring; its stream: {@code StreamsAppConfiguration}. */
@Configuration(proxyBeanMethods = false)
class OrchestratorConfiguration {

  static final String KEYSET_ENV = "NETBOX_SWARM_ORCHESTRATOR_KEYSET";
  static final String SIGNING_KEYSET_ENV = "NETBOX_SWARM_ORCHESTRATOR_SIGNING_KEYSET";
  /** The longest wait between two attempts at a write-back NetBox did not take. */
  static final java.time.Duration NETBOX_MAX_BACKOFF = java.time.Duration.ofSeconds(30);

  @Bean
  Opener orchestratorOpener(OrchestratorProperties properties) {
    // The file, else the keyset JSON in the environment; the error names which, never the content.
    Opener opener = Opener.of(SealingContext.ORCHESTRATOR,
        Keysets.fromEnvironment().privateKeyset(properties.keysetFile(), KEYSET_ENV));
    LoggerFactory.getLogger(OrchestratorConfiguration.class).info("sealing computes X25519 in {}",
        NativeX25519.install());
    return opener;
  }

  @Bean
  Resealer resealer(Opener orchestratorOpener, OrchestratorProperties properties) {
    return new Resealer(orchestratorOpener, new HostKeysets(properties.hostKeysetsDir()));
  }

  @Bean
  OrchestratorSignatures orchestratorSignatures(OrchestratorProperties properties) {
    // Its signing keyset sits beside its sealing keyset (scripts/keygen.sh writes both), unless set apart.
    Path file = properties.signingKeysetFile() != null ? properties.signingKeysetFile()
        : System.getenv(SIGNING_KEYSET_ENV) != null ? null : Keysets.signingFileBeside(properties.keysetFile());
    return new OrchestratorSignatures(Keysets.fromEnvironment().signingPrivateKeyset(file, SIGNING_KEYSET_ENV),
        new HostKeysets(properties.hostKeysetsDir()));
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  @Conditional(NetboxConfigured.class)
  NetboxWriter netboxWriter(OrchestratorProperties properties, Opener orchestratorOpener,
      OrchestratorSignatures orchestratorSignatures,
      org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters,
      KafkaProperties kafka) {
    var netbox = properties.netbox();
    if (netbox.token() == null || netbox.token().isBlank()) {
      throw new IllegalStateException("netbox-swarm.orchestrator.netbox.url is set but no token"
          + " (NETBOX_SWARM_ORCHESTRATOR_NETBOX_TOKEN): NetBox's REST API needs one to write back");
    }
    NetboxWriter writer = new NetboxWriter(new NetboxWriter.Config(bootstrapServers(kafka),
        kafkaClientProperties(kafka), properties.registryUrl(), properties.applicationId() + "-netbox-writer",
        netbox.writeJoinTokens(), netbox.writeManagerToken(), NETBOX_MAX_BACKOFF),
        new NetboxApi(netbox.url(), new NetboxToken(netbox.token()), netbox.timeout()), orchestratorOpener,
        orchestratorSignatures.own(), orchestratorSignatures::signer, Clock.systemUTC());
    meters.ifAvailable(registry -> io.micrometer.core.instrument.FunctionCounter
        .builder("swarm.orchestrator.netbox.writes.refused", writer, NetboxWriter::refused)
        .description("Write-backs never sent: their method or path was not a plain /api/ path under NetBox's URL")
        .register(registry));
    return writer;
  }

  /**
   * Spring Boot's {@code spring.kafka.*} client settings ({@code security.protocol}, {@code ssl.*},
   * {@code spring.kafka.properties.*}, and so {@code NETBOX_SWARM_KAFKA_*}), as the ingest takes them, for every
   * client the orchestrator makes; without its brokers, which {@link #bootstrapServers} gives apart.
   */
  static Map<String, Object> kafkaClientProperties(KafkaProperties kafka) {
    Map<String, Object> props = new HashMap<>(kafka.buildAdminProperties());
    props.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    props.remove(CommonClientConfigs.CLIENT_ID_CONFIG);
    return props;
  }

  /** {@code spring.kafka.bootstrap-servers} ({@code NETBOX_SWARM_KAFKA_BOOTSTRAP_SERVERS}), as Kafka writes it. */
  static String bootstrapServers(KafkaProperties kafka) {
    return String.join(",", kafka.getBootstrapServers());
  }

  /** Write-back runs only where a NetBox URL is configured (an empty one means none). */
  static final class NetboxConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String url = context.getEnvironment().getProperty("netbox-swarm.orchestrator.netbox.url");
      return url != null && !url.isBlank();
    }
  }
}
