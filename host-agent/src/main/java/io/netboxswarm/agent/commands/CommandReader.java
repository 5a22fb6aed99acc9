package io.netboxswarm.agent.commands;

import java.nio.ByteBuffer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

import io.netboxswarm.contracts.DeadLetters;
import io.netboxswarm.contracts.command.HostCommand;

/**
 * Reads a verified command record's bytes as a {@link HostCommand}, and tells a record that can never be read (not
 * in the framing, a schema id the registry does not know, bytes its schema does not decode) from one that cannot be
 * read now (the registry away): only the first is given up, the second is tried again.
 */
final class CommandReader {

  /** What a record turned out to be. */
  sealed interface Reading permits Command, Unreadable {
  }

  record Command(HostCommand command) implements Reading {
  }

  /** @param reason why, for the dead letter: never the record's content */
  record Unreadable(String reason) implements Reading {
  }

  private static final byte MAGIC = 0;
  private static final int FRAMING = 5; // magic byte, 4-byte schema id

  private final Deserializer<Object> deserializer;
  private final RegistryIds registry;

  CommandReader(Deserializer<Object> deserializer, RegistryIds registry) {
    this.deserializer = deserializer;
    this.registry = registry;
  }

  /** @throws RegistryIds.RegistryUnavailable when the registry cannot say whether the record is readable */
  Reading read(ConsumerRecord<byte[], byte[]> record) {
    byte[] bytes = record.value();
    if (bytes == null || bytes.length < FRAMING || bytes[0] != MAGIC) {
      return new Unreadable("not in the registry's framing (magic byte 0, 4-byte schema id)");
    }
    long schemaId = Integer.toUnsignedLong(ByteBuffer.wrap(bytes, 1, 4).getInt());
    Object value;
    try {
      value = deserializer.deserialize(record.topic(), record.headers(), bytes);
    } catch (RuntimeException first) {
      if (registry.lookup(schemaId) == RegistryIds.Answer.UNKNOWN) {
        return unknown(schemaId, first);
      }
      // The registry knows the schema now; it may have been away a moment ago: read once more before giving up.
      try {
        value = deserializer.deserialize(record.topic(), record.headers(), bytes);
      } catch (RuntimeException again) {
        return registry.lookup(schemaId) == RegistryIds.Answer.UNKNOWN ? unknown(schemaId, again)
            : new Unreadable("bytes not readable with schema id " + schemaId + ": " + DeadLetters.reason(again));
      }
    }
    if (!(value instanceof HostCommand command)) {
      return new Unreadable("a " + (value == null ? "null" : value.getClass().getSimpleName())
          + ", not a HostCommand");
    }
    return new Command(command);
  }

  private static Unreadable unknown(long schemaId, RuntimeException failure) {
    return new Unreadable("schema id " + schemaId + " unknown to the registry: " + DeadLetters.reason(failure));
  }
}
