package io.netboxswarm.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.kafka.KafkaBroker;

/**
 * The fixtures carry the third-party audit path: a record written by the Apicurio serde with nothing but its URL
 * and auto-registration set is read by someone with only a byte consumer, HTTP and plain Avro. This pins the
 * 3.1.x serde's defaults (4-byte content id in the Confluent framing, no id headers) that the contracts rely on.
 */
@ExtendWith(Platform.class)
class ThirdPartyReadTest {

  private static final Schema SCHEMA = new Schema.Parser().parse("""
      {"type": "record", "name": "Probe", "namespace": "io.netboxswarm.testkit.probe", "fields": [
        {"name": "id", "type": "string"},
        {"name": "at", "type": "long"},
        {"name": "note", "type": ["null", "string"], "default": null}
      ]}""");

  @Test
  void aConsumerWithoutTheApicurioSerdeDecodesTheRecord(KafkaBroker kafka, ApicurioRegistry registry)
      throws Exception {
    String topic = "probe-" + UUID.randomUUID();
    kafka.createTopics(topic);
    GenericRecord written = new GenericData.Record(SCHEMA);
    written.put("id", "probe-1");
    written.put("at", 1_764_000_000_000L);
    written.put("note", "read by a third party");
    // By class name: Kafka configures only the serializers it instantiates itself.
    try (var producer = new KafkaProducer<String, GenericRecord>(kafka.clientProperties("admin", Map.of(
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName(),
        "apicurio.registry.url", registry.url(),
        "apicurio.registry.auto-register", true)))) {
      producer.send(new ProducerRecord<>(topic, "k", written)).get();
    }

    ConsumerRecord<String, byte[]> raw = readOne(kafka, topic);

    assertThat(raw.headers()).as("the schema id travels in the payload, not in headers").isEmpty();
    ByteBuffer payload = ByteBuffer.wrap(raw.value());
    assertThat(payload.get()).as("Confluent magic byte").isZero();
    int schemaId = payload.getInt();
    Schema schema = new Schema.Parser().parse(schemaById(registry.ccompatUrl(), schemaId));
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(raw.value(), payload.position(),
        payload.remaining(), null);
    GenericRecord read = new GenericDatumReader<GenericRecord>(schema).read(null, decoder);

    assertThat(decoder.isEnd()).as("the 4-byte id is followed by exactly one Avro datum").isTrue();
    assertThat(schema).isEqualTo(SCHEMA);
    assertThat(read.get("id")).hasToString("probe-1");
    assertThat(read.get("at")).isEqualTo(1_764_000_000_000L);
    assertThat(read.get("note")).hasToString("read by a third party");
  }

  private static ConsumerRecord<String, byte[]> readOne(KafkaBroker kafka, String topic) {
    try (var consumer = new KafkaConsumer<>(kafka.clientProperties("admin", Map.of(
        ConsumerConfig.GROUP_ID_CONFIG, "third-party-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < until) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          return record;
        }
      }
    }
    throw new AssertionError("no record on " + topic + " within 30 s");
  }

  /** {@code GET /schemas/ids/{id}} answers {@code {"schema": "<the schema as a JSON string>"}}. */
  private static String schemaById(String ccompatUrl, int id) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(ccompatUrl + "/schemas/ids/" + id)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET /schemas/ids/%d: %s", id, response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body()).get("schema").asText();
  }
}
