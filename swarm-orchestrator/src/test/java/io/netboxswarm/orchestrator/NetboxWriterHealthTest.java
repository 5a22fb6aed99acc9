package io.netboxswarm.orchestrator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.wire.RecordSignatures;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.contracts.writeback.NetboxWrite;
import io.netboxswarm.orchestrator.netbox.NetboxWriter;
import io.netboxswarm.orchestrator.netbox.WriteBacks;
import io.netboxswarm.sealing.RecordVerifier.Verdict;
import io.netboxswarm.testkit.Platform;
import io.netboxswarm.testkit.netbox.NetboxApiDouble;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestrator's health tells an operator when write-backs stop reaching NetBox: NetBox refusing the token
 * (401/403, audited once, signed; the write waits and arrives once NetBox accepts the token again) and a writer that
 * has stopped. NetBox here is a WireMock server whose answer to the token the test changes.
 */
@ExtendWith(Platform.class)
class NetboxWriterHealthTest extends Scenario {

  private static final long SWARM = 6;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private WireMockServer tokenNetbox;

  @AfterEach
  void stopNetbox() {
    if (tokenNetbox != null) {
      tokenNetbox.stop();
    }
  }

  @Override
  Map<String, Object> settings(Path stateDir) {
    if (tokenNetbox == null) {
      tokenNetbox = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
      tokenNetbox.start();
      tokenNetbox.stubFor(post(urlEqualTo("/api/extras/journal-entries/"))
          .withHeader("Authorization", equalTo("Token " + NetboxApiDouble.TOKEN))
          .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
              .withBody("{\"id\": 1}")));
    }
    Map<String, Object> settings = super.settings(stateDir);
    settings.put("netbox-swarm.orchestrator.netbox.url", tokenNetbox.baseUrl());
    return settings;
  }

  @Test
  void aRefusedTokenIsAuditedOncePutsHealthDownAndTheWriteArrivesOnceNetboxAcceptsIt() throws Exception {
    assertThat(writerHealth()).isEqualTo("UP");
    StubMapping refused = tokenNetbox.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json").withBody("{\"detail\": \"Invalid token\"}")));
    NetboxWrite write = WriteBacks.journal("swarm", SWARM, "info", "written once the token works", SWARM, "evt-t",
        Instant.now());
    sendSigned(write);

    AuditEvent audited = audit.await(AuditKind.WRITE_BACK, "netbox-token-refused");
    assertThat(audited.getSeverity()).isEqualTo(Severity.DANGER);
    assertThat(audited.getMessage()).contains("401").doesNotContain(NetboxApiDouble.TOKEN);
    await().atMost(Duration.ofSeconds(30)).until(() -> "DOWN".equals(writerHealth()));
    await().atMost(Duration.ofSeconds(30)).until(() -> answered(401) >= 3);
    assertThat(audit.of(AuditKind.WRITE_BACK, "netbox-token-refused")).as("once per episode").hasSize(1);
    assertThat(auditSignatures()).as("signed by the orchestrator").isNotEmpty().containsOnly(Verdict.VALID);

    tokenNetbox.removeStub(refused);
    await().atMost(Duration.ofSeconds(60)).until(() -> answered(201) == 1);
    assertThat(JSON.readTree(tokenNetbox.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == 201)
        .findFirst().orElseThrow().getRequest().getBodyAsString()).path("comments").asString())
        .isEqualTo("written once the token works");
    await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(writerHealth()));
    assertThat(audit.of(AuditKind.WRITE_BACK, "netbox-token-refused")).hasSize(1);
  }

  @Test
  void aStoppedWriterPutsHealthDown() {
    assertThat(writerHealth()).isEqualTo("UP");
    orchestrator.bean(NetboxWriter.class).stop();
    assertThat(writerHealth()).isEqualTo("DOWN");
    assertThat(orchestrator.get(orchestrator.managementPort(), "/actuator/health", null).statusCode())
        .isEqualTo(503);
  }

  private long answered(int status) {
    return tokenNetbox.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == status).count();
  }

  /** The NetBox writer's component of /actuator/health, as an operator's probe reads it. */
  private String writerHealth() {
    var response = orchestrator.get(orchestrator.managementPort(), "/actuator/health", null);
    var writer = JSON.readTree(response.body()).path("components").path("netboxWriterHealth");
    assertThat(writer.isMissingNode()).as("the writer's component in %s", response.body()).isFalse();
    return writer.path("status").asString();
  }

  private void sendSigned(NetboxWrite write) throws Exception {
    Map<String, Object> props = new HashMap<>(WireFormat.producerProperties(registry.url()));
    props.putAll(broker.clientProperties("admin"));
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      byte[] value = WireFormat.<NetboxWrite>valueSerializer(props).serialize(Topics.NETBOX_WRITES, write);
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.NETBOX_WRITES, write.getPath(), value);
      RecordSignatures.sign(keys.orchestratorSigner(), Topics.NETBOX_WRITES, record.headers(), value);
      producer.send(record).get();
    }
  }

  /** The signature verdict of every record on swarm.audit. */
  private List<Verdict> auditSignatures() {
    Map<String, Object> c = new HashMap<>(broker.clientProperties("admin"));
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "auditor-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<Verdict> verdicts = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.SWARM_AUDIT));
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (verdicts.isEmpty() && System.nanoTime() < until) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          verdicts.add(RecordSignatures.verify(keys.orchestratorVerifier(), SealingContext.ORCHESTRATOR, r.topic(),
              r.headers(), r.value()));
        }
      }
    }
    return verdicts;
  }
}
