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
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netboxswarm.agent.trust.AgentSignatures;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.wire.RecordSignatures;
import io.netboxswarm.sealing.RecordVerifier.Verdict;

/**
 * Consumes this host's command topic, one command at a time, at least once: a command's offset is committed only
 * after its result was acknowledged by the broker; while the engine is unreachable the same command waits (up to
 * its deadline) rather than fail; while the broker is unreachable the result is sent again until it is taken.
 *
 * <p>Records arrive as bytes: their signature is checked over those exact bytes before anything else is done with
 * them, the stored-result lookup included. One that the orchestrator did not sign for this topic is answered
 * {@code REJECTED BAD_SIGNATURE} and never reaches the engine.
 */
public final class CommandLoop implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CommandLoop.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final long hostId;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Deserializer<Object> commands;
  private final AgentSignatures signatures;
  private final KafkaProducer<String, Object> producer;
  private final CommandHandler handler;
  private final Clock clock;
  private volatile boolean running = true;

  /**
   * @param consumer reads the command topic's values as bytes
   * @param commands reads a verified record's bytes as a {@link HostCommand}
   */
  public CommandLoop(long hostId, KafkaConsumer<String, byte[]> consumer, Deserializer<Object> commands,
      AgentSignatures signatures, KafkaProducer<String, Object> producer, CommandHandler handler, Clock clock) {
    this.hostId = hostId;
    this.consumer = consumer;
    this.commands = commands;
    this.signatures = signatures;
    this.producer = producer;
    this.handler = handler;
    this.clock = clock;
  }

  @Override
  public void run() {
    consumer.subscribe(List.of(Topics.commandsFor(hostId)));
    while (running) {
      try {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          process(record);
        }
      } catch (WakeupException stopping) {
        return;
      } catch (RuntimeException e) {
        log.warn("command loop: {}; retrying", e.toString());
        sleep(Duration.ofSeconds(1));
      }
    }
  }

  private void process(ConsumerRecord<String, byte[]> record) {
    byte[] bytes = record.value();
    Verdict verdict = bytes == null ? Verdict.UNSIGNED
        : signatures.verifyCommand(record.topic(), record.headers(), bytes);
    if (verdict != Verdict.VALID) {
      publish(handler.refuseUnsigned(claimedId(record), verdict.name()));
      commit(record);
      return;
    }
    Object value;
    try {
      value = commands.deserialize(record.topic(), record.headers(), bytes);
    } catch (RuntimeException e) {
      // Signed by the orchestrator yet unreadable here (a schema this agent does not know): nothing can be run.
      log.error("signed command at {}-{} offset {} cannot be read: {}; skipped", record.topic(), record.partition(),
          record.offset(), e.toString());
      commit(record);
      return;
    }
    if (!(value instanceof HostCommand command)) {
      log.error("not a HostCommand at offset {}: skipped", record.offset());
      commit(record);
      return;
    }
    String digest = RecordSignatures.digest(bytes);
    CommandResult result = handler.handle(command, digest);
    Duration backoff = Duration.ofMillis(200);
    while (running && "ENGINE_UNAVAILABLE".equals(result.getErrorCode())
        && clock.instant().isBefore(command.getDeadline())) {
      log.warn("engine unavailable for command {}; waiting {} ms", command.getCommandId(), backoff.toMillis());
      sleep(backoff);
      backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
      result = handler.handle(command, digest);
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

  /**
   * The id an unverified record claims, for the refusal's audit only: read without trusting anything else in it,
   * and only when it is a plain, short id (it reaches logs).
   */
  private String claimedId(ConsumerRecord<String, byte[]> record) {
    String fallback = "unverified@" + record.topic() + "-" + record.partition() + ":" + record.offset();
    try {
      Object value = record.value() == null ? null : commands.deserialize(record.topic(), record.headers(),
          record.value());
      if (value instanceof HostCommand command && command.getCommandId().matches("[A-Za-z0-9._:@-]{1,128}")) {
        return command.getCommandId();
      }
    } catch (RuntimeException unreadable) {
      // a forged record need not even be a command
    }
    return fallback;
  }

  private void commit(ConsumerRecord<String, byte[]> record) {
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
