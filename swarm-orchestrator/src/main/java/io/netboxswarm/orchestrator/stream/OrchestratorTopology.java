package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.wire.SigningSerializer;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.orchestrator.keys.OrchestratorSignatures;
import io.netboxswarm.orchestrator.metrics.OrchestratorMeters;
import io.netboxswarm.orchestrator.reconcile.Reconciler;
import io.netboxswarm.orchestrator.state.World;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * NetBox events, results and heartbeats ({@link #INPUTS}, one stream of bytes as the binder reads them), processed
 * by one task: each input topic has one partition ({@link TopicProvisioner#ensureShared}), so Kafka Streams gives
 * the three partitions to one task, which sees every record and holds the whole state (it crosses keys: a host's
 * heartbeat changes its swarm's plan). Each decision is one transaction: its input offset, its state and what it sends. The state is in
 * in-memory stores with changelog topics; another instance takes the task over from them. What the processor sends
 * goes to the topic it names (each host's command topic, the audit, the write-backs, the dead letters).
 */
public final class OrchestratorTopology implements Consumer<KStream<byte[], byte[]>> {

  /** Far above a registry's answer under load (tens of ms), far below Kafka's 5-minute poll interval. */
  static final Duration REGISTRY_DEADLINE = Duration.ofSeconds(30);
  /** The input topics, as {@code spring.cloud.stream.bindings.orchestrate-in-0.destination} lists them. */
  static final List<String> INPUTS = List.of(Topics.NETBOX_EVENTS, Topics.AGENT_RESULTS, Topics.AGENT_HEARTBEATS);

  private final ProcessorSupplier<byte[], byte[], byte[], Outgoing> processors;

  /**
   * @param avro the wire format's value serde (the registry's)
   * @param retries the back-off of a record that met a transient failure
   */
  OrchestratorTopology(Serde<SpecificRecord> avro, Function<World, Reconciler> reconcilers, Clock clock,
      OrchestratorSignatures signatures, Retries retries) {
    this(avro, reconcilers, clock, signatures, retries, OrchestratorMeters.unregistered());
  }

  /** @param meters what the processor tells of its decisions, commands and heartbeats */
  OrchestratorTopology(Serde<SpecificRecord> avro, Function<World, Reconciler> reconcilers, Clock clock,
      OrchestratorSignatures signatures, Retries retries, OrchestratorMeters meters) {
    // What agents send is believed only when signed by the host it names; what this orchestrator sends is signed.
    RegistryDeadline registry = new RegistryDeadline(REGISTRY_DEADLINE);
    InputReader reader = new InputReader(registry.deserializer(avro.deserializer()),
        new AgentRecordDeserializer(registry.deserializer(avro.deserializer()), signatures.agents(), clock));
    SigningSerializer<SpecificRecord> signed = new SigningSerializer<>(registry.serializer(avro.serializer()),
        signatures::signer);
    Set<StoreBuilder<?>> stores = KeyValueStateStore.builders();
    this.processors = new ProcessorSupplier<>() {
      @Override
      public Processor<byte[], byte[], byte[], Outgoing> get() {
        return new OrchestratorProcessor(reconcilers, clock, reader, signed, retries, meters);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return stores;
      }
    };
  }

  /**
   * Inputs are carried as bytes and read only by the processor, where a record that can never be read is
   * dead-lettered and a registry outage is waited out; nothing can fail on the way in. (Earlier versions copied the
   * inputs into a single-partition inbox topic first, a second transaction per decision: {@link EarlierInbox}.)
   */
  @Override
  public void accept(KStream<byte[], byte[]> inputs) {
    inputs.process(processors)
        .to((key, value, context) -> value.topic(), Produced.with(Serdes.ByteArray(), Outgoing.serde()));
  }

  /** The wire format's value serde against the registry at {@code registryUrl}. */
  static Serde<SpecificRecord> avroSerde(String registryUrl) {
    Map<String, Object> config = new HashMap<>(WireFormat.producerProperties(registryUrl));
    config.putAll(WireFormat.consumerProperties(registryUrl));
    return Serdes.serdeFrom(WireFormat.valueSerializer(config), WireFormat.valueDeserializer(config));
  }
}
