package io.netboxswarm.agent.commands;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netboxswarm.agent.metrics.AgentMetrics;
import io.netboxswarm.agent.trust.AgentSignatures;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.wire.RecordSignatures;
import io.netboxswarm.sealing.RecordVerifier.Verdict;

/**
 * Consumes this host's command topic, one command at a time, at least once: a command's offset is committed only
 * after its result (or its dead letter) was acknowledged by the broker; while the engine is unreachable the same
 * command waits (up to its deadline) rather than fail; while the broker or the registry is unreachable the same
 * record is tried again, with back-off, and never passed over.
 *
 * <p>Records arrive as bytes: their signature is checked over those exact bytes before anything else is done with
 * them, the stored-result lookup included. One that the orchestrator did not sign for this topic is answered
 * {@code REJECTED BAD_SIGNATURE} and never reaches the engine. One that it signed but that can never be read (bytes
 * that do not decode, a schema id the registry does not know) goes to the dead-letter topic, and the loop goes on.
 */
public final class CommandLoop implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CommandLoop.class);

  private final long hostId;
  private final Consumer<byte[], byte[]> consumer;
  private final Deserializer<Object> commands;
  private final CommandReader reader;
  private final AgentSignatures signatures;
  private final Producer<String, Object> producer;
  private final DeadLetterPublisher deadLetters;
  private final CommandHandler handler;
  private final Clock clock;
  private final AgentMetrics metrics;
  private final Backoff backoff;
  private volatile boolean running = true;

  /**
   * @param consumer reads the command topic's keys and values as bytes
   * @param commands reads a verified record's bytes as a {@link HostCommand}
   * @param registryUrl the registry {@code commands} reads with, asked whether an unreadable record's schema exists
   * @param deadLetterProducer makes the producer of dead letters, on the first one
   */
  public CommandLoop(long hostId, Consumer<byte[], byte[]> consumer, Deserializer<Object> commands,
      String registryUrl, AgentSignatures signatures, Producer<String, Object> producer,
      java.util.function.Supplier<Producer<byte[], byte[]>> deadLetterProducer, CommandHandler handler, Clock clock,
      AgentMetrics metrics) {
    this.hostId = hostId;
    this.consumer = consumer;
    this.commands = commands;
    this.reader = new CommandReader(commands, new RegistryIds(registryUrl));
    this.signatures = signatures;
    this.producer = producer;
    this.backoff = new Backoff(() -> running);
    this.deadLetters = new DeadLetterPublisher(io.netboxswarm.contracts.SealingContext.hostRecipient(hostId),
        deadLetterProducer, backoff);
    this.handler = handler;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public void run() {
    try {
      loop();
    } finally {
      deadLetters.close();
    }
  }

  private void loop() {
    consumer.subscribe(List.of(Topics.commandsFor(hostId)));
    Duration wait = Backoff.FIRST;
    ConsumerRecord<byte[], byte[]> current = null;
    while (running) {
      try {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          current = record;
          if (!process(record)) {
            return; // stopping: the record stays uncommitted, for the next start
          }
          current = null;
          wait = Backoff.FIRST;
        }
      } catch (WakeupException stopping) {
        return;
      } catch (RuntimeException e) {
        // The registry or the broker is away, or the state directory failed: the same record again, later. The
        // consumer's position already passed it, so it is moved back; nothing was committed past it.
        log.warn("command loop: {}; trying the same record again in {} ms", e.toString(), wait.toMillis());
        if (current != null) {
          rewindTo(current);
          current = null;
        }
        Backoff.sleep(wait);
        wait = Backoff.next(wait);
      }
    }
  }

  /** @return false when the agent stopped before the record was done with */
  private boolean process(ConsumerRecord<byte[], byte[]> record) {
    byte[] bytes = record.value();
    Verdict verdict = bytes == null ? Verdict.UNSIGNED
        : signatures.verifyCommand(record.topic(), record.headers(), bytes);
    if (verdict != Verdict.VALID) {
      CommandResult refusal = handler.refuseUnsigned(claimedId(record), verdict.name());
      if (!publish(refusal)) {
        return false;
      }
      metrics.commandAnswered(AgentMetrics.UNVERIFIED, refusal.getStatus());
      return commit(record);
    }
    CommandReader.Reading reading = reader.read(record);
    if (reading instanceof CommandReader.Unreadable unreadable) {
      return deadLetters.publish(record, unreadable.reason()) && commit(record);
    }
    HostCommand command = ((CommandReader.Command) reading).command();
    String digest = RecordSignatures.digest(bytes);
    CommandResult result = handler.handle(command, digest);
    Duration wait = Backoff.FIRST;
    while (running && "ENGINE_UNAVAILABLE".equals(result.getErrorCode())
        && clock.instant().isBefore(command.getDeadline())) {
      log.warn("engine unavailable for command {}; waiting {} ms", command.getCommandId(), wait.toMillis());
      Backoff.sleep(wait);
      wait = Backoff.next(wait);
      result = handler.handle(command, digest);
    }
    if (!publish(result)) {
      return false;
    }
    // Every answer goes through here, refusals included; the engine-unavailable retries above only once, settled.
    metrics.commandAnswered(AgentMetrics.action(command.getAction()), result.getStatus());
    handler.published(command, digest, result);
    return commit(record);
  }

  private boolean publish(CommandResult result) {
    return backoff.untilDone("result of " + result.getCommandId(), () -> producer.send(
        new ProducerRecord<>(Topics.AGENT_RESULTS, String.valueOf(hostId), result)).get());
  }

  /**
   * The id an unverified record claims, for the refusal's audit only: read without trusting anything else in it,
   * and only when it is a plain, short id (it reaches logs).
   */
  private String claimedId(ConsumerRecord<byte[], byte[]> record) {
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

  private boolean commit(ConsumerRecord<byte[], byte[]> record) {
    consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
        new OffsetAndMetadata(record.offset() + 1)));
    return true;
  }

  private void rewindTo(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    if (consumer.assignment().contains(partition)) {
      consumer.seek(partition, record.offset());
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }
}
