package io.netboxswarm.orchestrator.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The wire format's framing (magic byte 0, 4-byte schema id, Avro binary) with the schema ids kept in this JVM
 * instead of a registry, for the topology's fast tests: the registry's own serde needs a running registry, which
 * the real-broker tests start. Bytes that are not in this framing, or name an id it never gave, are refused as the
 * registry's serde refuses them: for good, never as a failure that may pass.
 */
final class InJvmAvroSerde {

  private final CopyOnWriteArrayList<Schema> schemas = new CopyOnWriteArrayList<>();

  Serde<SpecificRecord> serde() {
    return Serdes.serdeFrom((topic, record) -> record == null ? null : write(record),
        (topic, bytes) -> bytes == null ? null : read(bytes));
  }

  private byte[] write(SpecificRecord record) {
    Schema schema = record.getSchema();
    schemas.addIfAbsent(schema);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(schemas.indexOf(schema)).array());
    try {
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<SpecificRecord>(schema).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private SpecificRecord read(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (bytes.length < 5 || buffer.get() != 0) {
      throw new SerializationException("not in the wire format: no magic byte");
    }
    int id = buffer.getInt();
    if (id < 0 || id >= schemas.size()) {
      throw new SerializationException("unknown schema id " + id);
    }
    Schema schema = schemas.get(id);
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
    try {
      return new SpecificDatumReader<SpecificRecord>(schema, schema, SpecificData.getForSchema(schema))
          .read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot read a " + schema.getName(), e);
    }
  }
}
