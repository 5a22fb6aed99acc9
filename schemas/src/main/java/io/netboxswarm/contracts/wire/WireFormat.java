package io.netboxswarm.contracts.wire;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;

/**
 * How every netbox-swarm producer and consumer writes and reads the contracts: String keys, Avro values in the
 * Confluent framing (magic byte 0, 4-byte schema id, Avro binary) against the schema registry, so that any
 * Confluent-compatible consumer can audit a topic. Every module configures its clients from here.
 */
public final class WireFormat {

  private WireFormat() {
  }

  /** Serializer settings: the registry URL (its {@code /apis/registry/v3} base), schemas registered on first use. */
  public static Map<String, Object> producerProperties(String registryUrl) {
    Map<String, Object> props = new HashMap<>(common(registryUrl));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName());
    props.put("apicurio.registry.auto-register", "true");
    props.put("apicurio.registry.find-latest", "false");
    // One self-contained schema per topic, not one artifact per nested type: a third-party auditor then needs
    // only GET /apis/ccompat/v7/schemas/ids/{id} and plain Avro.
    props.put("apicurio.registry.dereference-schema", "true");
    return props;
  }

  /** Deserializer settings: values come back as the generated classes. */
  public static Map<String, Object> consumerProperties(String registryUrl) {
    Map<String, Object> props = new HashMap<>(common(registryUrl));
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
    props.put("apicurio.registry.use-specific-avro-reader", "true");
    return props;
  }

  /**
   * The value serializer, configured with {@code config} (a producer's properties): for a client that is handed its
   * serializer (a producer does not configure one it is given), e.g. to wrap it in a {@link SigningSerializer}.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T> Serializer<T> valueSerializer(Map<String, ?> config) {
    Serializer<T> serializer = (Serializer) new AvroKafkaSerializer<>();
    serializer.configure(config, false);
    return serializer;
  }

  /** The value deserializer, configured with {@code config} (a consumer's properties): for bytes read as is. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T> Deserializer<T> valueDeserializer(Map<String, ?> config) {
    Deserializer<T> deserializer = (Deserializer) new AvroKafkaDeserializer<>();
    deserializer.configure(config, false);
    return deserializer;
  }

  private static Map<String, Object> common(String registryUrl) {
    // The Confluent framing, spelled out (they are the 3.1 defaults) so that a serde upgrade cannot change the
    // bytes on the topics silently: no headers, magic byte, 4-byte content id.
    return Map.of(
        "apicurio.registry.url", registryUrl,
        "apicurio.registry.headers.enabled", "false",
        "apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler",
        "apicurio.registry.use-id", "contentId");
  }
}
