package io.netboxswarm.orchestrator.netbox;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.writeback.NetboxWrite;
import io.netboxswarm.orchestrator.audit.Audits;
import io.netboxswarm.orchestrator.audit.Cause;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NetBox refusing the writer's token (401, 403: expired, revoked, lacking a permission): an episode that lasts until
 * NetBox takes a request again. It is audited once per episode, on {@code swarm.audit}, signed as everything the
 * orchestrator sends; while it lasts the writer's health is down.
 */
final class TokenRefusals {

  private static final Logger log = LoggerFactory.getLogger(TokenRefusals.class);
  static final String RULE = "netbox-token-refused";

  private final Producer<byte[], byte[]> output;
  private final Serializer<SpecificRecord> signed;
  private final Clock clock;
  private volatile Instant since;
  private boolean audited;

  /** @param signed the orchestrator's Avro serializer that signs what it wrote */
  TokenRefusals(Producer<byte[], byte[]> output, Serializer<SpecificRecord> signed, Clock clock) {
    this.output = output;
    this.signed = signed;
    this.clock = clock;
  }

  /** NetBox answered {@code status} (401 or 403) to this write. */
  synchronized void refused(NetboxWrite write, int status) {
    if (since == null) {
      since = clock.instant();
      log.error("NetBox refuses the writer's API token ({} to {} {}): write-backs wait until it accepts it", status,
          write.getMethod(), write.getPath());
    }
    if (!audited) {
      audited = audit(write, status);
    }
  }

  /** NetBox took a request with the token: the episode, if any, is over. */
  synchronized void accepted() {
    if (since != null) {
      log.info("NetBox accepts the writer's API token again (refused since {})", since);
    }
    since = null;
    audited = false;
  }

  boolean refusing() {
    return since != null;
  }

  private boolean audit(NetboxWrite write, int status) {
    String message = "NetBox answered " + status + " to " + write.getMethod() + " " + write.getPath()
        + ": it refuses the orchestrator's API token (expired, revoked or lacking a permission). Write-backs wait"
        + " and are sent once it accepts the token again.";
    AuditEvent event = Audits.event(AuditKind.WRITE_BACK, Severity.DANGER, write.getSwarmId(), RULE, message,
            Cause.of(write.getWriteId()), "since " + since, clock.instant())
        .setDetails(Map.of("status", String.valueOf(status), "method", write.getMethod(), "path", write.getPath()))
        .build();
    try {
      RecordHeaders headers = new RecordHeaders();
      byte[] value = signed.serialize(Topics.SWARM_AUDIT, headers, event);
      String key = write.getSwarmId() == null ? "-" : String.valueOf(write.getSwarmId());
      output.send(new ProducerRecord<>(Topics.SWARM_AUDIT, null, key.getBytes(StandardCharsets.UTF_8), value,
          headers)).get(30, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn("cannot audit the refused token now ({}); tried again with the next attempt",
          e.getClass().getSimpleName());
      return false;
    }
  }
}
