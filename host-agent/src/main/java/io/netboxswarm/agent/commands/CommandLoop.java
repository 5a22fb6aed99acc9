package io.netboxswarm.agent.commands;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.result.CommandResult;

/**
 * Consumes this host's command topic, one command at a time, at least once: a command's offset is committed only
 * after its result was acknowledged by the broker; while the engine is unreachable the same command waits (up to
 * its deadline) rather than fail; while the broker is unreachable the result is sent again until it is taken.
 */
public final class CommandLoop implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CommandLoop.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final long hostId;
  private final KafkaConsumer<String, Object> consumer;
  private final KafkaProducer<String, Object> producer;
  private final CommandHandler handler;
  private final Clock clock;
  private volatile boolean running = true;

  public CommandLoop(long hostId, KafkaConsumer<String, Object> consumer, KafkaProducer<String, Object> producer,
      CommandHandler handler, Clock clock) {
    this.hostId = hostId;
    this.consumer = consumer;
    this.producer = producer;
    this.handler = handler;
    this.clock = clock;
  }

  @Override
  public void run() {
    consumer.subscribe(List.of(Topics.commandsFor(hostId)));
    while (running) {
      try {
        for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(500))) {
          process(record);
        }
      } catch (RecordDeserializationException poison) {
        // Not a HostCommand we can read: nothing to answer to; step over it so the next commands still run.
        log.error("unreadable command at {} offset {}: {}; skipped", poison.topicPartition(), poison.offset(),
            poison.getMessage());
        consumer.seek(poison.topicPartition(), poison.offset() + 1);
      } catch (WakeupException stopping) {
        return;
      } catch (RuntimeException e) {
        log.warn("command loop: {}; retrying", e.toString());
        sleep(Duration.ofSeconds(1));
      }
    }
  }

  private void process(ConsumerRecord<String, Object> record) {
    if (!(record.value() instanceof HostCommand command)) {
      log.error("not a HostCommand at offset {}: skipped", record.offset());
      commit(record);
      return;
    }
    CommandResult result = handler.handle(command);
    Duration backoff = Duration.ofMillis(200);
    while (running && "ENGINE_UNAVAILABLE".equals(result.getErrorCode())
        && clock.instant().isBefore(command.getDeadline())) {
      log.warn("engine unavailable for command {}; waiting {} ms", command.getCommandId(), backoff.toMillis());
      sleep(backoff);
      backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
      result = handler.handle(command);
    }
    publish(result);
    commit(record);
  }

  private void publish(CommandResult result) {
    Duration backoff = Duration.ofMillis(200);
    while (running) {
      try {
        producer.send(new ProducerRecord<>(Topics.AGENT_RESULTS, String.valueOf(hostId), result)).get();
        return;
      } catch (Exception e) {
        log.warn("result {} not acknowledged ({}); sending again in {} ms", result.getCommandId(), e.toString(),
            backoff.toMillis());
        sleep(backoff);
        backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
      }
    }
  }

  private void commit(ConsumerRecord<String, Object> record) {
    consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
        new OffsetAndMetadata(record.offset() + 1)));
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
