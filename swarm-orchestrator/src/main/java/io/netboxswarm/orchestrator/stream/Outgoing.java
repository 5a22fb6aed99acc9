package io.netboxswarm.orchestrator.stream;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A record the inbox processor sends, already serialized (and signed) by it: its topic and value bytes. Serializing
 * in the processor keeps every registry call where a failure is retried or dead-lettered, not in the sink.
 */
record Outgoing(String topic, byte[] value) {

  /** Writes the bytes as they are; nothing reads this type back. */
  static Serde<Outgoing> serde() {
    return Serdes.serdeFrom((topic, outgoing) -> outgoing == null ? null : outgoing.value(), (topic, bytes) -> {
      throw new UnsupportedOperationException("outgoing records are written, never read");
    });
  }
}
