package io.netboxswarm.orchestrator.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netboxswarm.orchestrator.OrchestratorProperties;
import io.netboxswarm.orchestrator.commands.CommandSettings;
import io.netboxswarm.orchestrator.keys.OrchestratorSignatures;
import io.netboxswarm.orchestrator.keys.Resealer;
import io.netboxswarm.orchestrator.metrics.OrchestratorMeters;
import io.netboxswarm.orchestrator.reconcile.Reconciler;
import io.netboxswarm.orchestrator.reconcile.Strangers;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.kstream.KStream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The orchestrator's Kafka Streams app on Spring Cloud Stream's Kafka Streams binder: the {@code orchestrate}
 * function the binder binds to the input topics ({@code spring.cloud.stream.*} in application.yml holds its
 * settings) and what it needs. The binder builds, starts, stops and reports the health of the app.
 */
@Configuration(proxyBeanMethods = false)
class StreamsAppConfiguration {

  @Bean
  StreamsClients streamsClients() {
    return new StreamsClients();
  }

  /**
   * The shared topics exist before the stream starts (the binder creates none: auto-create-topics is off), and an
   * earlier version's inbox holds nothing this version would not see.
   */
  @Bean(initMethod = "ensureShared")
  TopicProvisioner topicProvisioner(OrchestratorProperties properties, KafkaProperties kafka,
      StreamsClients clients) {
    Map<String, Object> admin = new HashMap<>(kafka.buildAdminProperties());
    admin.put("bootstrap.servers", String.join(",", kafka.getBootstrapServers()));
    EarlierInbox.checkDrained(admin, properties.applicationId());
    return new TopicProvisioner(String.join(",", kafka.getBootstrapServers()), kafka.buildAdminProperties(), clients::warm);
  }

  @Bean
  Orchestrator orchestrator(StreamsClients clients, ObjectProvider<MeterRegistry> meters,
      OrchestratorMeters orchestratorMeters) {
    Orchestrator orchestrator = new Orchestrator(clients, orchestratorMeters.restores());
    meters.ifAvailable(registry -> Gauge.builder("swarm.orchestrator.stream.retrying", orchestrator,
            o -> o.retrying() ? 1 : 0)
        .description("1 while a record waits to be tried again after a transient failure (registry or broker away)")
        .register(registry));
    return orchestrator;
  }

  @Bean
  Consumer<KStream<byte[], byte[]>> orchestrate(OrchestratorProperties properties, Resealer resealer,
      OrchestratorSignatures orchestratorSignatures, TopicProvisioner topics, Orchestrator orchestrator,
      OrchestratorMeters meters) {
    var c = properties.commands();
    var settings = new CommandSettings(c.deadline(), c.resultGrace(), c.maxAttempts(), c.retryBackoff());
    var admission = properties.admission().policy();
    org.slf4j.LoggerFactory.getLogger(Orchestrator.class).info("admission policy: {}", admission.describe());
    Strangers strangers = new Strangers();
    return new OrchestratorTopology(OrchestratorTopology.avroSerde(properties.registryUrl()),
        world -> new Reconciler(world, resealer, settings, topics, admission, strangers), Clock.systemUTC(),
        orchestratorSignatures, orchestrator.retries(), meters);
  }
}
