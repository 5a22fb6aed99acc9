package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.audit.Severity;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.result.CommandResult;
import io.netboxswarm.contracts.wire.RecordSignatures;
import io.netboxswarm.orchestrator.audit.Audits;
import io.netboxswarm.orchestrator.audit.Cause;
import io.netboxswarm.sealing.RecordVerifier;
import io.netboxswarm.sealing.RecordVerifier.Verdict;
import java.time.Clock;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code agent.results} and {@code agent.heartbeats}, believing a record only when the agent of the host it
 * names signed its exact bytes: signature first, then the Avro, then the claim (host-3's key vouches for host 3
 * only). Anything else becomes an audit event of the refusal in its place, so it reaches the audit topic and
 * nothing else: no state row, no command topic.
 */
final class AgentRecordDeserializer implements Deserializer<SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(AgentRecordDeserializer.class);

  private final Deserializer<SpecificRecord> avro;
  private final RecordVerifier agents;
  private final Clock clock;

  AgentRecordDeserializer(Deserializer<SpecificRecord> avro, RecordVerifier agents, Clock clock) {
    this.avro = avro;
    this.agents = agents;
    this.clock = clock;
  }

  @Override
  public SpecificRecord deserialize(String topic, byte[] data) {
    throw new IllegalStateException("a signed record needs its headers");
  }

  @Override
  public SpecificRecord deserialize(String topic, Headers headers, byte[] data) {
    if (data == null) {
      return null;
    }
    String signer = RecordSignatures.signer(headers);
    Verdict verdict = RecordSignatures.verifyAsNamed(agents, topic, headers, data);
    if (verdict != Verdict.VALID) {
      return refusal(topic, signer, data, verdict.name(), "not signed by a known agent key (" + verdict + ")");
    }
    SpecificRecord value = avro.deserialize(topic, headers, data);
    Long claimed = value instanceof CommandResult r ? Long.valueOf(r.getHostId())
        : value instanceof Heartbeat h ? Long.valueOf(h.getHostId()) : null;
    if (claimed == null || !signer.equals(SealingContext.hostRecipient(claimed))) {
      return refusal(topic, signer, data, "WRONG_HOST", "signed by " + signer + " but claims to be from host "
          + claimed);
    }
    return value;
  }

  private SpecificRecord refusal(String topic, String signer, byte[] data, String code, String why) {
    String from = signer != null && signer.matches("[A-Za-z0-9._-]{1,64}") ? signer : "an unnamed sender";
    String message = "a record on " + topic + " from " + from + " was refused: " + why + "; it changed nothing";
    log.warn(message);
    return Audits.event(AuditKind.VIOLATION, Severity.DANGER, null, "untrusted-record", message,
            Cause.of(topic + "@" + RecordSignatures.digest(data)), code, clock.instant())
        .setDetails(Map.of("topic", topic, "signer", from, "verdict", code)).build();
  }

  @Override
  public void close() {
    avro.close();
  }
}
