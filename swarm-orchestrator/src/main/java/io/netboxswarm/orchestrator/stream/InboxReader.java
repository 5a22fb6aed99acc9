package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.contracts.Topics;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads an inbox record as its input topic's contract: a NetBox event as it is, an agent's record only through
 * {@link AgentRecordDeserializer} (its signature first). Throws what the deserializers throw; the caller tells a
 * record that can never be read from a registry that is away ({@code Failures}).
 */
final class InboxReader {

  private final Deserializer<SpecificRecord> avro;
  private final Deserializer<SpecificRecord> agents;

  InboxReader(Deserializer<SpecificRecord> avro, Deserializer<SpecificRecord> agents) {
    this.avro = avro;
    this.agents = agents;
  }

  /**
   * @param origin where the record came from; empty for a record an earlier version put in the inbox, already
   *     checked and re-serialized by it
   */
  SpecificRecord read(Optional<Origin> origin, String inboxTopic, Headers headers, byte[] value) {
    if (value == null) {
      return null;
    }
    if (origin.isEmpty()) {
      return avro.deserialize(inboxTopic, headers, value);
    }
    String topic = origin.get().topic();
    return switch (topic) {
      case Topics.NETBOX_EVENTS -> avro.deserialize(topic, headers, value);
      case Topics.AGENT_RESULTS, Topics.AGENT_HEARTBEATS -> agents.deserialize(topic, headers, value);
      default -> throw new IllegalArgumentException("no input topic " + topic);
    };
  }
}
