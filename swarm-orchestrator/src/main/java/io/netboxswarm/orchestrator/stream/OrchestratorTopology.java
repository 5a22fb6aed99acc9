package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.writeback.NetboxWrite;
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

  public static Topology build(String registryUrl, Function<World, Reconciler> reconcilers, Clock clock,
      OrchestratorSignatures signatures) {
    Serde<SpecificRecord> avro = avroSerde(WireFormat.producerProperties(registryUrl), registryUrl);
    Serde<SpecificRecord> inbox = avroSerde(WireFormat.multiTypeProducerProperties(registryUrl), registryUrl);
    // What agents send is believed only when signed by the host it names; what this orchestrator sends is signed.
    Consumed<String, SpecificRecord> fromAgents = Consumed.with(Serdes.String(), Serdes.serdeFrom(avro.serializer(),
        new AgentRecordDeserializer(avro.deserializer(), signatures.agents(), clock)));
    Serde<SpecificRecord> signed = Serdes.serdeFrom(new SigningSerializer<>(avro.serializer(), signatures::signer),
        avro.deserializer());
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
        Serdes.String()).withCachingDisabled().withLoggingEnabled(Map.of("cleanup.policy", "compact")));
    Consumed<String, SpecificRecord> consumed = Consumed.with(Serdes.String(), avro);
    KStream<String, SpecificRecord> inputs = builder.stream(Topics.NETBOX_EVENTS, consumed)
        .merge(builder.stream(Topics.AGENT_RESULTS, fromAgents))
        .merge(builder.stream(Topics.AGENT_HEARTBEATS, fromAgents));
    inputs.selectKey((key, value) -> "orchestrator")
        .repartition(Repartitioned.with(Serdes.String(), inbox).withName(INBOX).withNumberOfPartitions(1))
        .process(() -> new OrchestratorProcessor(reconcilers, clock), STORE)
        .to((key, value, context) -> topicOf(value), Produced.with(Serdes.String(), signed));
    return builder.build();
  }

  private static String topicOf(SpecificRecord value) {
    if (value instanceof HostCommand command) {
      return Topics.commandsFor(command.getHostId());
    }
    if (value instanceof AuditEvent) {
      return Topics.SWARM_AUDIT;
    }
    if (value instanceof NetboxWrite) {
      return Topics.NETBOX_WRITES;
    }
    throw new IllegalArgumentException("no topic for " + value.getClass().getName());
  }

  static Serde<SpecificRecord> avroSerde(Map<String, Object> producerProperties, String registryUrl) {
    Map<String, Object> config = new HashMap<>(producerProperties);
    config.putAll(WireFormat.consumerProperties(registryUrl));
    return Serdes.serdeFrom(WireFormat.valueSerializer(config), WireFormat.valueDeserializer(config));
  }
}
