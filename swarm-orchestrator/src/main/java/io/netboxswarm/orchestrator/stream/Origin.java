package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.contracts.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where an inbox record came from: its input topic, partition, offset and key, in headers the inbox carries along
 * with the record's own (its signature). The inbox processor reads the record only there, so a record it can never
 * read is dead-lettered as it arrived, naming its input.
 */
record Origin(String topic, int partition, long offset, byte[] key) {

  private static final String TOPIC = "nbs-inbox-topic";
  private static final String PARTITION = "nbs-inbox-partition";
  private static final String OFFSET = "nbs-inbox-offset";
  private static final String KEY = "nbs-inbox-key";

  /** Stamps each input record with its origin on its way into the inbox. */
  static final class Stamp implements FixedKeyProcessor<byte[], byte[], byte[]> {

    private FixedKeyProcessorContext<byte[], byte[]> context;

    @Override
    public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
      RecordMetadata at = context.recordMetadata().orElseThrow();
      Headers headers = new RecordHeaders(record.headers().toArray());
      for (String name : new String[] {TOPIC, PARTITION, OFFSET, KEY}) {
        headers.remove(name); // only this stamp says where a record came from
      }
      headers.add(TOPIC, utf8(at.topic())).add(PARTITION, utf8(String.valueOf(at.partition())))
          .add(OFFSET, utf8(String.valueOf(at.offset())));
      if (record.key() != null) {
        headers.add(KEY, record.key());
      }
      context.forward(record.withHeaders(headers));
    }
  }

  /** The origin stamped on an inbox record; empty for a record put in the inbox before origins were stamped. */
  static Optional<Origin> of(Headers headers) {
    String topic = DeadLetters.header(headers, TOPIC);
    if (topic == null) {
      return Optional.empty();
    }
    Header key = headers.lastHeader(KEY);
    return Optional.of(new Origin(topic, Integer.parseInt(DeadLetters.header(headers, PARTITION)),
        Long.parseLong(DeadLetters.header(headers, OFFSET)), key == null ? null : key.value()));
  }

  /** The record as it was on its input: its topic, partition, offset, key, value and its own headers. */
  ConsumerRecord<byte[], byte[]> asConsumed(long timestamp, Headers inboxHeaders, byte[] value) {
    Headers own = new RecordHeaders(inboxHeaders.toArray());
    for (String name : new String[] {TOPIC, PARTITION, OFFSET, KEY}) {
      own.remove(name);
    }
    return new ConsumerRecord<>(topic, partition, offset, timestamp, TimestampType.CREATE_TIME,
        key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, own, Optional.empty());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
