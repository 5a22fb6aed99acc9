package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.contracts.DeadLetters;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.orchestrator.failure.Failures;
import io.netboxswarm.orchestrator.commands.Outbox;
import io.netboxswarm.orchestrator.metrics.OrchestratorMeters;
import io.netboxswarm.orchestrator.reconcile.Reconciler;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.state.World;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each input record, feeds it to the {@link Reconciler} and sends what it decided, serialized and signed here.
 * Under exactly-once processing, the state it writes, the records it sends and the input offsets commit together, so
 * a restart resumes exactly where the last commit left: no step is lost and none is sent twice.
 *
 * <p>A record that fails for good (it cannot be read, or the reconciler throws on it) goes to
 * {@link Topics#DEAD_LETTERS} as it arrived, with the reason, in the same transaction; the state is reloaded as the
 * record before left it, and the next record is processed. A failure that may pass (registry or broker away, a
 * timeout) rewinds the task to its last commit and tries again after a back-off: nothing is skipped or committed past.
 */
final class OrchestratorProcessor implements Processor<byte[], byte[], byte[], Outgoing> {

  private static final Logger log = LoggerFactory.getLogger(OrchestratorProcessor.class);
  static final String COMPONENT = "orchestrator";

  private final Function<World, Reconciler> reconcilers;
  private final Clock clock;
  private final InputReader reader;
  private final Serializer<SpecificRecord> signed;
  private final Retries retries;
  private final OrchestratorMeters meters;
  private ProcessorContext<byte[], Outgoing> context;
  private KeyValueStateStore store;
  private World world;
  private Reconciler reconciler;
  /** A record, or a tick that decided something, went through since the meters' last whole refresh. */
  private boolean changedSinceRefresh;

  OrchestratorProcessor(Function<World, Reconciler> reconcilers, Clock clock, InputReader reader,
      Serializer<SpecificRecord> signed, Retries retries, OrchestratorMeters meters) {
    this.reconcilers = reconcilers;
    this.clock = clock;
    this.reader = reader;
    this.signed = signed;
    this.retries = retries;
    this.meters = meters;
  }

  @Override
  public void init(ProcessorContext<byte[], Outgoing> context) {
    this.context = context;
    this.store = new KeyValueStateStore(context);
    reload();
    log.info("orchestrator state loaded: {} swarms, {} hosts observed, {} commands", world.swarms.size(),
        world.observations.size(), world.commands.size());
    meters.refresh(world, clock.instant());
    meters.stepped();
    context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, timestamp -> {
      meters.stepped(); // a failed tick is a step too: the thread is alive
      if (handle("tick", () -> reconciler.onTick(clock.instant()), null)) {
        // The whole walk (every swarm's findings, every host) only after something changed the state; a quiet
        // tick recounts the pending commands alone: per-tick work proportional to what is pending.
        if (changedSinceRefresh) {
          meters.refresh(world, clock.instant());
          changedSinceRefresh = false;
        } else {
          meters.refreshPending(world);
        }
      }
    });
  }

  @Override
  public void close() {
    meters.released();
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    meters.stepped();
    SpecificRecord value;
    try {
      value = reader.read(inputTopic(), record.headers(), record.value());
    } catch (RuntimeException e) {
      failed("reading a record", e, record);
      return;
    }
    if (value instanceof NetboxEvent event) {
      handle(event.getEventId(), () -> reconciler.onEvent(event, clock.instant()), record);
    } else if (value instanceof CommandResult result) {
      // What the command was before its result, for the latency from its sending to its result.
      TrackedCommand sent = world.commands.get(result.getCommandId());
      boolean pending = sent != null && sent.status == TrackedCommand.Status.PENDING;
      long sentAt = pending ? sent.issuedAt : 0;
      if (handle(result.getCommandId(), () -> reconciler.onResult(result, clock.instant()), record) && pending) {
        TrackedCommand settled = world.commands.get(result.getCommandId());
        if (settled != null && settled.status != TrackedCommand.Status.PENDING) {
          meters.answered(settled.step, sentAt, clock.instant());
        }
      }
    } else if (value instanceof AuditEvent refusal) {
      // A record from the agents' topics that was refused on arrival (AgentRecordDeserializer): audited, no more.
      handle("refusal", () -> {
        Outbox out = new Outbox();
        out.audit(refusal);
        return out;
      }, record);
    } else if (value instanceof Heartbeat heartbeat) {
      if (handle("heartbeat:" + heartbeat.getHostId(), () -> reconciler.onHeartbeat(heartbeat, clock.instant()),
          record)) {
        meters.heartbeat(heartbeat.getHostId(), clock.instant());
      }
    } else if (value != null) {
      failed("reading a record", new IllegalArgumentException("unexpected record type "
          + value.getClass().getName()), record);
    }
  }

  /**
   * @param input the record being processed; null for the timer
   * @return whether the step went through (else its record was dead-lettered, or the tick is tried again)
   */
  private boolean handle(String what, Supplier<Outbox> step, Record<byte[], byte[]> input) {
    Outbox outbox;
    List<Record<byte[], Outgoing>> out;
    try {
      outbox = step.get();
      out = serialized(outbox);
      world.flush();
    } catch (RuntimeException e) {
      // Its half-applied changes are dropped: the state is reloaded as the last record left it.
      reload();
      failed(what, e, input);
      return false;
    }
    out.forEach(context::forward);
    retries.succeeded();
    changedSinceRefresh |= input != null || outbox.decisions() > 0;
    meters.recorded(outbox, world);
    return true;
  }

  private List<Record<byte[], Outgoing>> serialized(Outbox outbox) {
    long now = clock.millis();
    List<Record<byte[], Outgoing>> out = new ArrayList<>();
    for (Outbox.Out o : outbox.records()) {
      Headers headers = new RecordHeaders();
      byte[] value = signed.serialize(o.topic(), headers, o.value());
      byte[] key = o.key() == null ? null : o.key().getBytes(StandardCharsets.UTF_8);
      out.add(new Record<>(key, new Outgoing(o.topic(), value), now, headers));
    }
    return out;
  }

  private void failed(String what, RuntimeException failure, Record<byte[], byte[]> input) {
    if (Failures.isTransient(failure)) {
      Duration wait = retries.failed();
      log.warn("{} failed for now ({}); back to the last commit, trying again in {} ms", what,
          DeadLetters.reason(failure), wait.toMillis());
      retries.await(wait);
      // Not a TaskCorruptedException (a rewind of this task alone): the revived task was seen never to read its
      // input again. Replacing the thread is Kafka Streams' own recovery: abort, and resume from the last commit.
      throw new TransientFailure(what, failure);
    }
    if (input == null) {
      log.error("{} failed; the state is reloaded and the next tick tries again", what, failure);
      return;
    }
    ProducerRecord<byte[], byte[]> letter = DeadLetters.of(COMPONENT, asConsumed(input),
        Failures.reason(failure));
    log.error("cannot process {} from {}-{}@{}: sent to {}", what,
        DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC),
        DeadLetters.header(letter.headers(), DeadLetters.SOURCE_PARTITION),
        DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET), Topics.DEAD_LETTERS, failure);
    context.forward(new Record<>(letter.key(), new Outgoing(Topics.DEAD_LETTERS, letter.value()), clock.millis(),
        letter.headers()));
    retries.succeeded();
  }

  /** The record as it was on its input topic, for its dead letter. */
  private ConsumerRecord<byte[], byte[]> asConsumed(Record<byte[], byte[]> input) {
    RecordMetadata at = context.recordMetadata().orElseThrow();
    return new ConsumerRecord<>(at.topic(), at.partition(), at.offset(), input.timestamp(), TimestampType.CREATE_TIME,
        input.key() == null ? -1 : input.key().length, input.value() == null ? -1 : input.value().length,
        input.key(), input.value(), input.headers(), Optional.empty());
  }

  /** The topic Kafka read the record from: a record from a source topic always has one. */
  private String inputTopic() {
    return context.recordMetadata().orElseThrow().topic();
  }

  private void reload() {
    world = new World(store).load();
    reconciler = reconcilers.apply(world);
  }
}
