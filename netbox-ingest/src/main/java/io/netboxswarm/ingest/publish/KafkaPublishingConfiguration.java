package io.netboxswarm.ingest.publish;

import java.util.HashMap;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.ingest.IngestProperties;

/**
 * The producer. Spring Kafka's {@link KafkaTemplate} rather than Spring Cloud Stream's StreamBridge: the HTTP answer
 * depends on the broker's acknowledgement of this very record, and the template hands back that acknowledgement as a
 * future, where StreamBridge would hide it behind its binding. Settings: {@code spring.kafka.*} (bootstrap servers,
 * extra producer properties), then the contracts' wire format, then what durability demands, which no setting
 * overrides.
 */
@Configuration(proxyBeanMethods = false)
class KafkaPublishingConfiguration {

  @Bean
  ProducerFactory<String, SpecificRecord> producerFactory(KafkaProperties kafka, IngestProperties properties) {
    IngestProperties.Publish publish = properties.publish();
    Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties());
    props.putAll(WireFormat.producerProperties(publish.registryUrl()));
    props.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, SchemaWriterCache.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    int timeoutMs = (int) publish.timeout().toMillis();
    int lingerMs = Integer.parseInt(String.valueOf(props.getOrDefault(ProducerConfig.LINGER_MS_CONFIG, "1")));
    props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    // A down broker must become a 503 within the publish timeout: bound the metadata wait and the delivery.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, timeoutMs - lingerMs));
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
    return new DefaultKafkaProducerFactory<>(props);
  }

  @Bean
  KafkaTemplate<String, SpecificRecord> kafkaTemplate(ProducerFactory<String, SpecificRecord> producerFactory) {
    KafkaTemplate<String, SpecificRecord> template = new KafkaTemplate<>(producerFactory);
    // The default listener logs failed records' payloads; EventPublisher reports failures without them.
    template.setProducerListener(new ProducerListener<>() {
    });
    return template;
  }
}
