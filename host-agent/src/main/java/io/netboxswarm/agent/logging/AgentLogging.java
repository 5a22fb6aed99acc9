package io.netboxswarm.agent.logging;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The agent's log lines, in the Spring applications' format: ISO timestamp, level, pid, the component and this
 * agent's host, thread, logger, message; {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} (the Spring applications'
 * setting) writes the same fields as Elastic Common Schema JSON ({@link EcsEncoder}). Set up in code rather than in
 * a logback.xml: the agent stays lean without logback's XML configurator. {@code -Dlogback.configurationFile}
 * still replaces it.
 */
public final class AgentLogging extends ContextAwareBase implements Configurator {

  static final String HOST_ID = "host.id";
  private static final String PID = "pid";
  static final String FORMAT_VARIABLE = "LOGGING_STRUCTURED_FORMAT_CONSOLE";
  private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p %property{pid} --- [host-agent] "
      + "[host-%property{host.id}] [%15.15t] %-40.40logger{39} : %m%n";

  /** Names the NetBox host this agent runs for on every line from now on. */
  public static void forHost(long hostId) {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).putProperty(HOST_ID, Long.toString(hostId));
  }

  /** No log lines at all (the class-data training run, whose failures are its point). */
  public static void off() {
    // every logger with a level of its own too (org.apache.kafka's WARN), and those to come through the root
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLoggerList().forEach(logger -> logger.setLevel(Level.OFF));
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    context.putProperty(PID, Long.toString(ProcessHandle.current().pid()));
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setEncoder(encoder(context, System.getenv(FORMAT_VARIABLE)));
    console.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    // Warnings only: the Kafka clients print their whole configuration ("ProducerConfig values:", about 250 lines)
    // at INFO on every start, under org.apache.kafka.common.config.AbstractConfig.
    context.getLogger("org.apache.kafka").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
    if ("ecs".equalsIgnoreCase(format)) {
      EcsEncoder ecs = new EcsEncoder();
      ecs.setContext(context);
      ecs.start();
      return ecs;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(PATTERN);
    text.start();
    return text;
  }
}
