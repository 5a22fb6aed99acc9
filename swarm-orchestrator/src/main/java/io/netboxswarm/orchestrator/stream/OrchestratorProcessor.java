package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.orchestrator.reconcile.Outbox;
import io.netboxswarm.orchestrator.reconcile.Reconciler;
import io.netboxswarm.orchestrator.state.Json;
import io.netboxswarm.orchestrator.state.World;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds each record to the {@link Reconciler} and forwards what it decided. Under exactly-once processing, the
 * state it writes, the records it forwards and the input offsets commit together, so a restart resumes exactly
 * where the last commit left: no step is lost and none is sent twice.
 */
final class OrchestratorProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(OrchestratorProcessor.class);

  private final Function<World, Reconciler> reconcilers;
  private final Clock clock;
  private final Json json = new Json();
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStateStore store;
  private World world;
  private Reconciler reconciler;

  OrchestratorProcessor(Function<World, Reconciler> reconcilers, Clock clock) {
    this.reconcilers = reconcilers;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    KeyValueStore<String, String> kv = context.getStateStore(OrchestratorTopology.STORE);
    this.store = new KeyValueStateStore(kv);
    reload();
    log.info("orchestrator state loaded: {} swarms, {} hosts observed, {} commands", world.swarms.size(),
        world.observations.size(), world.commands.size());
    context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME,
        timestamp -> handle("tick", () -> reconciler.onTick(clock.instant())));
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    SpecificRecord value = record.value();
    if (value instanceof NetboxEvent event) {
      handle(event.getEventId(), () -> reconciler.onEvent(event, clock.instant()));
    } else if (value instanceof CommandResult result) {
      handle(result.getCommandId(), () -> reconciler.onResult(result, clock.instant()));
    } else if (value instanceof AuditEvent refusal) {
      // A record from the agents' topics that was refused on arrival (AgentRecordDeserializer): audited, no more.
      context.forward(new Record<>(refusal.getSwarmId() == null ? "-" : String.valueOf(refusal.getSwarmId()),
          refusal, clock.millis()));
    } else if (value instanceof Heartbeat heartbeat) {
      handle("heartbeat:" + heartbeat.getHostId(), () -> reconciler.onHeartbeat(heartbeat, clock.instant()));
    } else if (value != null) {
      log.warn("unexpected record type {} ignored", value.getClass().getName());
    }
  }

  private void handle(String what, java.util.function.Supplier<Outbox> step) {
    Outbox out;
    try {
      out = step.get();
      world.flush();
    } catch (RuntimeException e) {
      // A record the orchestrator cannot handle must not stop every swarm: its half-applied changes are dropped
      // by reloading the state as the last record left it, and the record is skipped, loudly.
      log.error("cannot process {}: skipped", what, e);
      reload();
      return;
    }
    long now = clock.millis();
    for (Outbox.Out o : out.records()) {
      context.forward(new Record<>(o.key(), o.value(), now));
    }
  }

  private void reload() {
    world = new World(store, json).load();
    reconciler = reconcilers.apply(world);
  }
}
