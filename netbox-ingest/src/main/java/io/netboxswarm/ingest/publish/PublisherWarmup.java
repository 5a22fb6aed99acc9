package io.netboxswarm.ingest.publish;

import java.time.Instant;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.rejected.RejectedWebhook;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.ingest.IngestProperties;

/**
 * Before the ingest reports itself ready (readiness follows the application runners), the producer connects and
 * learns its topics' metadata, and the contracts' schemas are registered. Otherwise the first webhook after a start
 * pays for all of it and may exceed the publish timeout: a 503, and NetBox does not send a webhook twice. Nothing is
 * published. A broker or registry that is not there yet is logged; the webhooks then wait for it as usual.
 */
@Component
class PublisherWarmup implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(PublisherWarmup.class);

  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final IngestProperties.Publish publish;

  PublisherWarmup(KafkaTemplate<String, SpecificRecord> kafka, IngestProperties properties) {
    this.kafka = kafka;
    this.publish = properties.publish();
  }

  @Override
  public void run(ApplicationArguments args) {
    long start = System.nanoTime();
    try {
      kafka.partitionsFor(publish.eventsTopic());
      kafka.partitionsFor(publish.rejectedTopic());
    } catch (RuntimeException e) {
      log.warn("Kafka not reachable at start ({}); webhooks wait for it", e.getClass().getSimpleName());
    }
    try (Serializer<Object> serializer = new AvroKafkaSerializer<>()) {
      serializer.configure(WireFormat.producerProperties(publish.registryUrl()), false);
      serializer.serialize(publish.eventsTopic(), NetboxEvent.newBuilder().setEventId("warmup")
          .setKind(EventKind.SNAPSHOT).setObjectType(ObjectType.HOST).setObjectId(0).setOccurredAt(Instant.EPOCH)
          .build());
      serializer.serialize(publish.rejectedTopic(), RejectedWebhook.newBuilder().setRequestId("warmup")
          .setReceivedAt(Instant.EPOCH).setReasonCode("warmup").setReason("warmup").setRedactedBody("{}")
          .build());
    } catch (RuntimeException e) {
      log.warn("schema registry not reachable at start ({}); webhooks wait for it", e.getClass().getSimpleName());
    }
    log.info("publisher ready in {} ms", (System.nanoTime() - start) / 1_000_000);
  }
}
