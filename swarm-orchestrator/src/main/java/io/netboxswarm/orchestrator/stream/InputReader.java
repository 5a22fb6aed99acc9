package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.contracts.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads an input record as its topic's contract: a NetBox event as it is, an agent's record only through
 * {@link AgentRecordDeserializer} (its signature first). The topic is the one Kafka says the record was read from,
 * never anything the record carries. Throws what the deserializers throw; the caller tells a record that can never be
 * read from a registry that is away ({@code Failures}).
 */
final class InputReader {

  private final Deserializer<SpecificRecord> avro;
  private final Deserializer<SpecificRecord> agents;

  InputReader(Deserializer<SpecificRecord> avro, Deserializer<SpecificRecord> agents) {
    this.avro = avro;
    this.agents = agents;
  }

  SpecificRecord read(String topic, Headers headers, byte[] value) {
    if (value == null) {
      return null;
    }
    return switch (topic) {
      case Topics.NETBOX_EVENTS -> avro.deserialize(topic, headers, value);
      case Topics.AGENT_RESULTS, Topics.AGENT_HEARTBEATS -> agents.deserialize(topic, headers, value);
      default -> throw new IllegalArgumentException("no input topic " + topic);
    };
  }
}
