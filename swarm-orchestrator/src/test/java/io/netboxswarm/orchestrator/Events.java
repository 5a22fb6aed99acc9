package io.netboxswarm.orchestrator;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.netbox.Container;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.Network;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Secret;
import io.netboxswarm.contracts.netbox.SecretMount;
import io.netboxswarm.contracts.netbox.Swarm;
import io.netboxswarm.contracts.wire.WireFormat;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Plays netbox-ingest: NetBox changes as the events it publishes on netbox.events. */
final class Events implements AutoCloseable {

  private final KafkaProducer<String, SpecificRecord> producer;
  private final AtomicLong clock = new AtomicLong(Instant.parse("2026-11-25T08:00:00Z").toEpochMilli());

  Events(Map<String, Object> kafka, String registryUrl) {
    Map<String, Object> props = new HashMap<>(WireFormat.producerProperties(registryUrl));
    props.putAll(kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(props);
  }

  static Swarm swarm(long id, List<Long> managers, List<Long> workers) {
    return Swarm.newBuilder().setId(id).setName("swarm-" + id).setManagerNodes(managers).setWorkerNodes(workers)
        .setState("creating").build();
  }

  /** Sends a change now (the newest); returns the event. */
  NetboxEvent send(EventKind kind, ObjectType type, long id, Object before, Object after) {
    return send(kind, type, id, before, after, Instant.ofEpochMilli(clock.addAndGet(1000)));
  }

  NetboxEvent send(EventKind kind, ObjectType type, long id, Object before, Object after, Instant occurredAt) {
    NetboxEvent event = NetboxEvent.newBuilder().setEventId("evt-" + UUID.randomUUID()).setKind(kind)
        .setObjectType(type).setObjectId(id).setOccurredAt(occurredAt).setUser("admin")
        .setRequestId(UUID.randomUUID().toString()).setBefore(before).setAfter(after).build();
    sendRaw(event);
    return event;
  }

  void sendRaw(NetboxEvent event) {
    String key = Topics.objectKey(event.getObjectType().name().toLowerCase(Locale.ROOT), event.getObjectId());
    try {
      producer.send(new ProducerRecord<>(Topics.NETBOX_EVENTS, key, event)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Instant now() {
    return Instant.ofEpochMilli(clock.get());
  }

  NetboxEvent swarmChanged(long id, List<Long> managers, List<Long> workers) {
    return send(EventKind.UPDATED, ObjectType.SWARM, id, null, swarm(id, managers, workers));
  }

  NetboxEvent secret(Secret secret) {
    return send(EventKind.CREATED, ObjectType.SECRET, secret.getId(), null, secret);
  }

  NetboxEvent network(Network network) {
    return send(EventKind.CREATED, ObjectType.NETWORK, network.getId(), null, network);
  }

  NetboxEvent container(Container container) {
    return send(EventKind.CREATED, ObjectType.CONTAINER, container.getId(), null, container);
  }

  NetboxEvent containerDeleted(Container container) {
    return send(EventKind.DELETED, ObjectType.CONTAINER, container.getId(), container, null);
  }

  NetboxEvent secretMount(SecretMount mount) {
    return send(EventKind.CREATED, ObjectType.SECRET_MOUNT, mount.getId(), null, mount);
  }

  @Override
  public void close() {
    producer.close();
  }
}
