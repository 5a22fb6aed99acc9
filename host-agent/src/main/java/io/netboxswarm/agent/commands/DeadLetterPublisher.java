package io.netboxswarm.agent.commands;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netboxswarm.contracts.DeadLetters;

/**
 * Puts a command record this agent can never read on the dead-letter topic, as is, with the reason. Its producer
 * is made on the first dead letter only: most agents never write one, and each producer costs memory.
 */
final class DeadLetterPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

  private final String component;
  private final Supplier<Producer<byte[], byte[]>> factory;
  private final Backoff backoff;
  private Producer<byte[], byte[]> producer;

  /** @param component who gives the record up, e.g. {@code host-3} */
  DeadLetterPublisher(String component, Supplier<Producer<byte[], byte[]>> factory, Backoff backoff) {
    this.component = component;
    this.factory = factory;
    this.backoff = backoff;
  }

  /** Sends until the broker acknowledges it (or the agent stops: then it returns false). */
  boolean publish(ConsumerRecord<byte[], byte[]> record, String reason) {
    log.error("command record {}-{}@{} can never be read ({}): sent to the dead letters", record.topic(),
        record.partition(), record.offset(), reason);
    return backoff.untilDone("dead letter of offset " + record.offset(), () -> {
      if (producer == null) {
        producer = factory.get();
      }
      producer.send(DeadLetters.of(component, record, reason)).get();
    });
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
