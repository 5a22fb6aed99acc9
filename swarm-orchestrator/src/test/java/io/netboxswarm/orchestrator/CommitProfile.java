package io.netboxswarm.orchestrator;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Set;
import javax.management.AttributeNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Where a Kafka Streams commit under exactly-once spends its time, from the clients' own metrics (JMX, this JVM):
 * the stream thread's commits, and its transactional producer's flush, offsets sent to the transaction and commit.
 * Taken twice, the difference covers what happened in between.
 */
record CommitProfile(double commits, double flushNs, double sendOffsetsNs, double txnCommitNs,
    double txnBeginNs, double records) {

  static CommitProfile now() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      double commits = 0;
      for (ObjectName thread : server.queryNames(new ObjectName("kafka.streams:type=stream-thread-metrics,*"), null)) {
        commits += number(server, thread, "commit-total");
      }
      Set<ObjectName> producers = server.queryNames(
          new ObjectName("kafka.producer:type=producer-metrics,client-id=*StreamThread*"), null);
      double flush = 0;
      double offsets = 0;
      double commit = 0;
      double begin = 0;
      double records = 0;
      for (ObjectName producer : producers) {
        flush += number(server, producer, "flush-time-ns-total");
        offsets += number(server, producer, "txn-send-offsets-time-ns-total");
        commit += number(server, producer, "txn-commit-time-ns-total");
        begin += number(server, producer, "txn-begin-time-ns-total");
        records += number(server, producer, "record-send-total");
      }
      return new CommitProfile(commits, flush, offsets, commit, begin, records);
    } catch (JMException e) {
      throw new IllegalStateException("cannot read Kafka's client metrics", e);
    }
  }

  /** The mean of each part per commit between {@code before} and this one. */
  String since(CommitProfile before) {
    double n = commits - before.commits;
    if (n <= 0) {
      return "no commit in between";
    }
    return String.format(Locale.ROOT, "%.0f commits, per commit: the producer's flush %.1f ms, offsets sent to the"
            + " transaction %.1f ms, the transaction's commit %.1f ms, begin %.2f ms; %.1f records sent per commit",
        n, (flushNs - before.flushNs) / n / 1e6, (sendOffsetsNs - before.sendOffsetsNs) / n / 1e6,
        (txnCommitNs - before.txnCommitNs) / n / 1e6, (txnBeginNs - before.txnBeginNs) / n / 1e6,
        (records - before.records) / n);
  }

  /** A metric's value; 0 for a bean without it (Streams registers several beans of one type, with other metrics). */
  private static double number(MBeanServer server, ObjectName name, String attribute) throws JMException {
    Object value;
    try {
      value = server.getAttribute(name, attribute);
    } catch (AttributeNotFoundException e) {
      return 0;
    }
    return value instanceof Number number && !Double.isNaN(number.doubleValue()) ? number.doubleValue() : 0;
  }
}
