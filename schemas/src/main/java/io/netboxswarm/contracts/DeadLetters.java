package io.netboxswarm.contracts;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The one shape of a record on {@link Topics#DEAD_LETTERS}: the refused record's own key and value bytes, its own
 * headers, and these headers saying who refused it, where it came from and why. An auditor reads them with any
 * Kafka client; nothing here is decoded, so nothing sealed is ever opened on the way.
 */
public final class DeadLetters {

  /** The component that could not read the record: {@code orchestrator}, {@code netbox-writer}, {@code host-3}. */
  public static final String COMPONENT = "nbs-dlt-component";
  public static final String SOURCE_TOPIC = "nbs-dlt-topic";
  public static final String SOURCE_PARTITION = "nbs-dlt-partition";
  public static final String SOURCE_OFFSET = "nbs-dlt-offset";
  /** Why: the exception's class and message, which never carry a record's content. */
  public static final String REASON = "nbs-dlt-reason";

  private DeadLetters() {
  }

  /** The dead letter of {@code refused}, keyed as it was, for {@link Topics#DEAD_LETTERS}. */
  public static ProducerRecord<byte[], byte[]> of(String component, ConsumerRecord<byte[], byte[]> refused,
      String reason) {
    Headers headers = new RecordHeaders(refused.headers().toArray());
    headers.add(COMPONENT, utf8(component));
    headers.add(SOURCE_TOPIC, utf8(refused.topic()));
    headers.add(SOURCE_PARTITION, utf8(String.valueOf(refused.partition())));
    headers.add(SOURCE_OFFSET, utf8(String.valueOf(refused.offset())));
    headers.add(REASON, utf8(reason));
    return new ProducerRecord<>(Topics.DEAD_LETTERS, null, refused.key(), refused.value(), headers);
  }

  /** The reason of a failure: its class and message, and those of its causes. */
  public static String reason(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null && text.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
      if (!text.isEmpty()) {
        text.append(" <- ");
      }
      text.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        text.append(": ").append(t.getMessage());
      }
    }
    return text.toString();
  }

  /** A header of a dead letter, as text; null when absent. */
  public static String header(Headers headers, String name) {
    var header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
  }
}
