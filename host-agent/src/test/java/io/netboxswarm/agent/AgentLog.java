package io.netboxswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

/**
 * What the agents in this JVM log, kept for a test to wait on: some moments of an agent's work (a command taken
 * while its engine is away, a result the broker refused) are visible nowhere else.
 */
final class AgentLog implements AutoCloseable {

  private final Logger logger = (Logger) LoggerFactory.getLogger("io.netboxswarm.agent");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  AgentLog() {
    appender.start();
    logger.addAppender(appender);
  }

  /** Waits until a line containing every one of these fragments has been logged. */
  void await(Duration timeout, String... fragments) {
    Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        assertThat(messages()).as("a log line with %s", List.of(fragments))
            .anyMatch(line -> List.of(fragments).stream().allMatch(line::contains)));
  }

  private List<String> messages() {
    synchronized (appender) { // AppenderBase appends under the appender's own lock, from the agents' threads
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
