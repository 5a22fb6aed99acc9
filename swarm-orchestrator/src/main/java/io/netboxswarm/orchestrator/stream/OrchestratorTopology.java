package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.wire.SigningSerializer;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.orchestrator.keys.OrchestratorSignatures;
import io.netboxswarm.orchestrator.reconcile.Reconciler;
import io.netboxswarm.orchestrator.state.World;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * NetBox events, results and heartbeats, merged into one single-partition inbox, so that one task sees every
 * record in one order and holds the whole state (which crosses keys: a host's heartbeat changes its swarm's
 * plan). The state is an in-memory store with a changelog topic; another instance takes the task over from it.
 */
public final class OrchestratorTopology {

  public static final String STORE = "orchestrator-state";
  static final String INBOX = "inbox";

  private OrchestratorTopology() {
  }

  /**
   * @param retries the back-off of a record that met a transient failure
   */
  static Topology build(String registryUrl, Function<World, Reconciler> reconcilers, Clock clock,
      OrchestratorSignatures signatures, Retries retries) {
    Serde<SpecificRecord> avro = avroSerde(WireFormat.producerProperties(registryUrl), registryUrl);
    // What agents send is believed only when signed by the host it names; what this orchestrator sends is signed.
    InboxReader reader = new InboxReader(avro.deserializer(),
        new AgentRecordDeserializer(avro.deserializer(), signatures.agents(), clock));
    Serializer<SpecificRecord> signed = new SigningSerializer<>(avro.serializer(), signatures::signer);
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
        Serdes.String()).withCachingDisabled().withLoggingEnabled(Map.of("cleanup.policy", "compact")));
    // Inputs are carried as bytes and read only by the inbox processor, where a record that can never be read is
    // dead-lettered and a registry outage is waited out; nothing can fail on the way in.
    Consumed<byte[], byte[]> bytes = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
    KStream<byte[], byte[]> inputs = builder.stream(Topics.NETBOX_EVENTS, bytes)
        .merge(builder.stream(Topics.AGENT_RESULTS, bytes))
        .merge(builder.stream(Topics.AGENT_HEARTBEATS, bytes));
    inputs.processValues(Origin.Stamp::new)
        .selectKey((key, value) -> "orchestrator")
        .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(INBOX)
            .withNumberOfPartitions(1))
        .process(() -> new OrchestratorProcessor(reconcilers, clock, reader, signed, retries), STORE)
        .to((key, value, context) -> value.topic(), Produced.with(Serdes.ByteArray(), Outgoing.serde()));
    return builder.build();
  }

  static Serde<SpecificRecord> avroSerde(Map<String, Object> producerProperties, String registryUrl) {
    Map<String, Object> config = new HashMap<>(producerProperties);
    config.putAll(WireFormat.consumerProperties(registryUrl));
    return Serdes.serdeFrom(WireFormat.valueSerializer(config), WireFormat.valueDeserializer(config));
  }
}
