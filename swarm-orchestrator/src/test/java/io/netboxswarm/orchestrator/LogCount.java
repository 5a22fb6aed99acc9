package io.netboxswarm.orchestrator;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Counts the log events of this JVM (the in-process broker's, the clients', the orchestrator's: all log through
 * logback) whose message or exception mentions a word, per word and logger. An event with a stack trace is one
 * event, however many lines it prints. Spring Boot resets logback when an application starts: attach after that.
 */
final class LogCount extends AppenderBase<ILoggingEvent> {

  private final List<String> words;
  private final Map<String, Map<String, Integer>> counts = new ConcurrentHashMap<>();
  private final Logger root;

  private LogCount(Logger root, List<String> words) {
    this.root = root;
    this.words = words;
  }

  /** Null when logback is not this JVM's logging backend (nothing to count then). */
  static LogCount attach(String... words) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return null;
    }
    LogCount count = new LogCount(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME), List.of(words));
    count.setContext(context);
    count.setName("log-count");
    count.start();
    count.root.addAppender(count);
    return count;
  }

  void detach() {
    root.detachAppender(this);
    stop();
  }

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder text = new StringBuilder(String.valueOf(event.getFormattedMessage()));
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      text.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
    }
    for (String word : words) {
      if (text.indexOf(word) >= 0) {
        counts.computeIfAbsent(word, w -> new ConcurrentHashMap<>()).merge(event.getLoggerName(), 1, Integer::sum);
      }
    }
  }

  /** E.g. {@code OutOfOrderSequenceException 3 (kafka.server.ReplicaManager 3); NOT_LEADER_OR_FOLLOWER 0}. */
  String report() {
    return words.stream().map(word -> {
      Map<String, Integer> byLogger = new TreeMap<>(counts.getOrDefault(word, Map.of()));
      int total = byLogger.values().stream().mapToInt(Integer::intValue).sum();
      return word + " " + total + (byLogger.isEmpty() ? "" : byLogger.entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ", " (", ")")));
    }).collect(Collectors.joining("; "));
  }
}
