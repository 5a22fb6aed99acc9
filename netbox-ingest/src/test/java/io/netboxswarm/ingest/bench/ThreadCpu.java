package io.netboxswarm.ingest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this JVM's threads, by role (the ingest's request threads, its producer's I/O thread, the broker, the
 * client), so that a change to the ingest shows in its own threads' CPU per webhook: on a shared machine the
 * throughput moves with what else runs, the CPU a webhook costs much less. What no Java thread accounts for (the JIT
 * compilers, the garbage collector) is the process's CPU minus the threads'.
 */
final class ThreadCpu {

  private final Map<Long, Long> byThread;
  private final Map<Long, String> roles;
  private final long process;

  private ThreadCpu(Map<Long, Long> byThread, Map<Long, String> roles, long process) {
    this.byThread = byThread;
    this.roles = roles;
    this.process = process;
  }

  static ThreadCpu now() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> roles = new HashMap<>();
    long[] ids = threads.getAllThreadIds();
    long[] times = threads.getThreadCpuTime(ids);
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] != null && times[i] >= 0) {
        cpu.put(ids[i], times[i]);
        roles.put(ids[i], role(infos[i].getThreadName()));
      }
    }
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new ThreadCpu(cpu, roles, os.getProcessCpuTime());
  }

  /** Milliseconds of CPU per {@code count} by role since {@code before}, largest first. */
  Map<String, Double> millisPer(ThreadCpu before, long count) {
    Map<String, Long> nanos = new HashMap<>();
    long threadsTotal = 0;
    for (Map.Entry<Long, Long> entry : byThread.entrySet()) {
      long used = entry.getValue() - before.byThread.getOrDefault(entry.getKey(), 0L);
      nanos.merge(roles.get(entry.getKey()), used, Long::sum);
      threadsTotal += used;
    }
    nanos.merge("JVM itself (JIT compilers, GC)", Math.max(0, process - before.process - threadsTotal), Long::sum);
    Map<String, Double> out = new LinkedHashMap<>();
    nanos.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> out.put(e.getKey(), e.getValue() / 1e6 / Math.max(1, count)));
    return out;
  }

  private static String role(String name) {
    if (name.startsWith("http-nio")) {
      return "ingest request threads";
    }
    if (name.startsWith("kafka-producer-network-thread")) {
      return "ingest producer I/O thread";
    }
    if (name.startsWith("bench-client") || name.startsWith("HttpClient")) {
      return "benchmark client";
    }
    if (name.startsWith("data-plane") || name.startsWith("kafka-") || name.startsWith("quorum")
        || name.startsWith("controller") || name.startsWith("broker") || name.startsWith("ExpirationReaper")
        || name.startsWith("raft") || name.contains("Reaper") || name.startsWith("group-coordinator")
        || name.startsWith("transaction") || name.startsWith("LogDirFailureHandler")) {
      return "broker";
    }
    return "other Java threads";
  }
}
