package io.netboxswarm.orchestrator.commands;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.writeback.NetboxWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;

/** What one record made the orchestrator decide to publish; sent in the same transaction as its state. */
public final class Outbox {

  public record Out(String topic, String key, SpecificRecord value) {
  }

  private final List<Out> records = new ArrayList<>();
  /** How many times a swarm was planned for it (the decisions metric). */
  private int decisions;
  private final Predicate<NetboxWrite> writable;

  public Outbox() {
    this(write -> true);
  }

  /** @param writable whether NetBox still has the object a write-back is about: one it deleted gets none */
  public Outbox(Predicate<NetboxWrite> writable) {
    this.writable = writable;
  }

  public void command(HostCommand command) {
    records.add(new Out(Topics.commandsFor(command.getHostId()), String.valueOf(command.getHostId()), command));
  }

  public void audit(AuditEvent event) {
    records.add(new Out(Topics.SWARM_AUDIT, event.getSwarmId() == null ? "-" : String.valueOf(event.getSwarmId()),
        event));
  }

  public void write(NetboxWrite write) {
    if (!writable.test(write)) {
      return;
    }
    records.add(new Out(Topics.NETBOX_WRITES, write.getPath(), write));
  }

  public void addAll(Outbox other) {
    records.addAll(other.records);
    decisions += other.decisions;
  }

  /** A swarm was planned again for this record. */
  public void decided() {
    decisions++;
  }

  public int decisions() {
    return decisions;
  }

  public List<Out> records() {
    return List.copyOf(records);
  }

  public List<HostCommand> commands() {
    return records.stream().map(Out::value).filter(HostCommand.class::isInstance).map(HostCommand.class::cast)
        .toList();
  }
}
