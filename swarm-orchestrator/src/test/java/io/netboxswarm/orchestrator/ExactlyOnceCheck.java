package io.netboxswarm.orchestrator;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.audit.AuditEvent;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.wire.WireFormat;
import io.netboxswarm.security.KafkaAcls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Issue #17: what a {@code read_committed} reader (every consumer of the platform is one) finds on the host command
 * topics and {@code swarm.audit}, read from the beginning: commands (by command id) and audit records (by audit id)
 * it would see more than once, and how many records only a {@code read_uncommitted} reader sees, those of aborted
 * transactions. Meant to run once the orchestrator has stopped, so that none of its transactions is still open.
 */
final class ExactlyOnceCheck {

  private static final int EXAMPLES = 5;

  private ExactlyOnceCheck() {
  }

  /** Where a record was read, and when its command says it was issued (to tell a re-send from a double write). */
  private record Seen(String where, long issuedAt) {
  }

  /** Records read per topic family, and the sum of the end offsets read up to. */
  private record Read(long commands, long audits, long endOffsets) {
  }

  /** The {@code exactly-once:} line, then one line per duplicate shown as an example. */
  static String report(Map<String, Object> kafka, String registryUrl) {
    Map<String, Object> c = new HashMap<>(WireFormat.consumerProperties(registryUrl));
    c.putAll(kafka);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    Deserializer<SpecificRecord> avro = WireFormat.valueDeserializer(c);
    long start = System.nanoTime();
    List<TopicPartition> partitions = partitions(c);

    Map<String, List<Seen>> commands = new LinkedHashMap<>();
    Map<String, List<Seen>> audits = new LinkedHashMap<>();
    Read committed = read(c, "read_committed", partitions, r -> {
      SpecificRecord value = avro.deserialize(r.topic(), r.headers(), r.value());
      String where = r.topic() + "@" + r.offset();
      if (value instanceof HostCommand command) {
        commands.computeIfAbsent(command.getCommandId(), id -> new ArrayList<>())
            .add(new Seen(where, command.getIssuedAt().toEpochMilli()));
      } else if (value instanceof AuditEvent audit) {
        audits.computeIfAbsent(audit.getAuditId(), id -> new ArrayList<>()).add(new Seen(where, 0));
      }
    });
    // Counts only: control records (commit and abort markers) are returned to neither reader, so the difference is
    // the data records of aborted transactions, provided both read to the same end (no transaction left open).
    Read uncommitted = read(c, "read_uncommitted", partitions, r -> { });

    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "exactly-once: %d commands on host topics, %d"
            + " command ids seen more than once; %d audit records, %d duplicates; aborted-transaction records"
            + " skipped: %d (read_uncommitted %d - read_committed %d records, on %d partitions, read twice in %.1f s)",
        committed.commands(), duplicated(commands), committed.audits(), duplicated(audits),
        uncommitted.commands() + uncommitted.audits() - committed.commands() - committed.audits(),
        uncommitted.commands() + uncommitted.audits(), committed.commands() + committed.audits(),
        partitions.size(), (System.nanoTime() - start) / 1e9));
    if (uncommitted.endOffsets() != committed.endOffsets()) {
      out.append(String.format(Locale.ROOT, "%n  not comparable: %d offsets beyond the last stable offset (a"
          + " transaction still open)", uncommitted.endOffsets() - committed.endOffsets()));
    }
    examples(out, "command id", commands);
    examples(out, "audit id", audits);
    return out.toString();
  }

  private static long duplicated(Map<String, List<Seen>> byId) {
    return byId.values().stream().filter(seen -> seen.size() > 1).count();
  }

  private static void examples(StringBuilder out, String what, Map<String, List<Seen>> byId) {
    byId.entrySet().stream().filter(e -> e.getValue().size() > 1).limit(EXAMPLES).forEach(e -> {
      // The same issuedAt: one send written twice; a different one: the command was issued again.
      boolean sameSend = e.getValue().stream().map(Seen::issuedAt).distinct().count() == 1;
      out.append(String.format(Locale.ROOT, "%n  %s %s seen %d times: %s%s", what, e.getKey(), e.getValue().size(),
          e.getValue().stream().map(Seen::where).toList(),
          what.startsWith("command") ? (sameSend ? ", same issuedAt" : ", different issuedAt") : ""));
    });
  }

  private static List<TopicPartition> partitions(Map<String, Object> c) {
    try (KafkaConsumer<String, byte[]> consumer = consumer(c, "read_committed")) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.listTopics(Duration.ofSeconds(60)).forEach((topic, infos) -> {
        if (topic.startsWith(KafkaAcls.COMMANDS_PREFIX) || topic.equals(Topics.SWARM_AUDIT)) {
          infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
      });
      return partitions;
    }
  }

  /**
   * Reads every partition from its beginning up to its end offset (for read_committed, the last stable offset), all
   * assigned to one consumer: one fetch covers thousands of topics.
   */
  private static Read read(Map<String, Object> c, String isolation, List<TopicPartition> partitions,
      Consumer<ConsumerRecord<String, byte[]>> each) {
    try (KafkaConsumer<String, byte[]> consumer = consumer(c, isolation)) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
      Set<TopicPartition> remaining = new HashSet<>(partitions);
      long commands = 0;
      long audits = 0;
      long lastProgress = System.nanoTime();
      while (true) {
        // Positions move past control records too, so a partition ending with a commit marker is done.
        int before = remaining.size();
        remaining.removeIf(tp -> consumer.position(tp) >= end.get(tp));
        if (remaining.isEmpty()) {
          break;
        }
        int polled = 0;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          polled++;
          if (r.topic().equals(Topics.SWARM_AUDIT)) {
            audits++;
          } else {
            commands++;
          }
          each.accept(r);
        }
        if (polled > 0 || remaining.size() < before) {
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(60).toNanos()) {
          throw new IllegalStateException(isolation + " read stuck with " + remaining.size()
              + " partitions short of their end, e.g. " + remaining.iterator().next());
        }
      }
      return new Read(commands, audits, end.values().stream().mapToLong(Long::longValue).sum());
    }
  }

  private static KafkaConsumer<String, byte[]> consumer(Map<String, Object> c, String isolation) {
    Map<String, Object> props = new HashMap<>(c);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
