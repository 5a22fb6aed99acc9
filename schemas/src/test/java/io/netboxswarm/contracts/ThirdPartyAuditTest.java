package io.netboxswarm.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.kafka.KafkaBroker;
import io.netboxswarm.testkit.registry.ApicurioRegistry;

/**
 * An auditor with nothing of ours, only a Kafka consumer, HTTP and plain Avro, reads the audit topic: the Confluent
 * framing (magic byte 0, 4-byte schema id) and the registry's Confluent-compatible API are enough.
 */
@ExtendWith(Platform.class)
class ThirdPartyAuditTest {

  @Test
  void anAuditorDecodesOurRecordsWithTheConfluentFramingAndPlainAvro(KafkaBroker kafka, ApicurioRegistry registry)
      throws Exception {
    String topic = Topics.SWARM_AUDIT;
    kafka.createTopics(topic);
    AuditEvent written = ContractSamples.audit();
    Map<String, Object> producerProps = new HashMap<>(WireFormat.producerProperties(registry.url()));
    producerProps.putAll(kafka.clientProperties("orchestrator"));
    try (var producer = new KafkaProducer<String, AuditEvent>(producerProps)) {
      producer.send(new ProducerRecord<>(topic, "5", written)).get();
    }

    byte[] raw = readOneRaw(kafka, topic);

    ByteBuffer buffer = ByteBuffer.wrap(raw);
    assertThat(buffer.get()).as("Confluent magic byte").isZero();
    int schemaId = buffer.getInt();
    String schemaJson = schemaById(registry.ccompatUrl(), schemaId);
    Schema schema = new Schema.Parser().parse(schemaJson);
    GenericRecord decoded = new GenericDatumReader<GenericRecord>(schema).read(null,
        DecoderFactory.get().binaryDecoder(raw, buffer.position(), buffer.remaining(), null));

    assertThat(schema.getFullName()).isEqualTo("io.netboxswarm.contracts.audit.AuditEvent");
    assertThat(decoded.get("auditId").toString()).isEqualTo(written.getAuditId());
    assertThat(decoded.get("rule").toString()).isEqualTo("worker-needs-manager");
    assertThat(decoded.get("message").toString()).isEqualTo(written.getMessage());
    assertThat(decoded.get("kind").toString()).isEqualTo("VIOLATION");
    assertThat(decoded.get("swarmId")).isEqualTo(5L);
    assertThat(decoded.get("at")).isEqualTo(written.getAt().toEpochMilli());
  }

  private static byte[] readOneRaw(KafkaBroker kafka, String topic) {
    // As the platform's auditor principal: it may read swarm.audit only, in groups named auditor-*.
    try (var consumer = new KafkaConsumer<>(kafka.clientProperties("auditor", Map.of(
        ConsumerConfig.GROUP_ID_CONFIG, "auditor-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < until) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          return r.value();
        }
      }
    }
    throw new AssertionError("no record on " + topic);
  }

  /** GET /schemas/ids/{id} answers {"schema": "<the schema as a JSON string>"}. */
  private static String schemaById(String ccompatUrl, int id) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(ccompatUrl + "/schemas/ids/" + id)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET /schemas/ids/%d: %s", id, response.body()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).get("schema").asText();
  }
}
