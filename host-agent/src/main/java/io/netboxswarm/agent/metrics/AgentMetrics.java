package io.netboxswarm.agent.metrics;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

import io.netboxswarm.contracts.result.CommandStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What an operator scrapes from the agent at {@code /metrics}: its commands by action and outcome, the time its
 * actions take on the engine, how long ago the broker last took a heartbeat, and which host it is. Every label value
 * comes from a fixed set (action types, result statuses, the host id): never an error message, a token or a secret.
 */
public final class AgentMetrics {

  /** The action of a record refused for its signature: what such a record claims to be is not believed. */
  public static final String UNVERIFIED = "unverified";

  // Seconds: a swarm join may block 20 s, the engine's slowest answers reach the client's 60 s timeout.
  private static final double[] ENGINE_CALL_BOUNDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final LongSupplier nanoTime;
  private final Counter commands;
  private final Histogram engineCalls;
  private final Counter taskContainersReplaced;
  private volatile long lastHeartbeat;

  public AgentMetrics(long hostId) {
    this(hostId, System::nanoTime);
  }

  /** @param nanoTime a monotonic clock: a wall clock set back would make the heartbeat's age negative */
  AgentMetrics(long hostId, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.lastHeartbeat = nanoTime.getAsLong(); // before the first heartbeat: the age of the agent
    // Exemplars off: no trace to link to, and their sampling would load the tracer's classes for nothing.
    this.commands = Counter.builder().name("netbox_swarm_agent_commands_total")
        .help("Commands answered (their result acknowledged by the broker), by action type and result status.")
        .labelNames("action", "outcome").withoutExemplars().register(registry);
    this.engineCalls = Histogram.builder().name("netbox_swarm_agent_engine_call_seconds")
        .help("Time an action took on the Docker engine, failures included, refusals (engine untouched) not.")
        .labelNames("action").classicOnly().classicUpperBounds(ENGINE_CALL_BOUNDS).withoutExemplars()
        .register(registry);
    this.taskContainersReplaced = Counter.builder().name("netbox_swarm_agent_task_containers_replaced_total")
        .help("Swarm task containers an engine crash left running without their secrets, stopped for the swarm to "
            + "replace.")
        .withoutExemplars().register(registry);
    GaugeWithCallback.builder().name("netbox_swarm_agent_heartbeat_age_seconds")
        .help("Seconds since the broker last acknowledged a heartbeat of this agent (since its start, before one).")
        .callback(callback -> callback.call(heartbeatAge().toNanos() / 1e9)).register(registry);
    Info.builder().name("netbox_swarm_agent_info").help("The NetBox host this agent runs on.")
        .labelNames("host_id").register(registry).addLabelValues(String.valueOf(hostId));
  }

  /** The label an action goes by: its Avro record's name, as the agent's log names it. */
  public static String action(Object action) {
    return action.getClass().getSimpleName();
  }

  /** A command's result was published. */
  public void commandAnswered(String action, CommandStatus outcome) {
    commands.labelValues(action, outcome.name()).inc();
  }

  /** An action was carried out on the engine (or failed there), taking {@code took}. */
  public void engineCall(String action, Duration took) {
    engineCalls.labelValues(action).observe(took.toNanos() / 1e9);
  }

  /** A task container started without its secrets was stopped for the swarm to replace. */
  public void taskContainerReplaced() {
    taskContainersReplaced.inc();
  }

  /** The broker acknowledged a heartbeat. */
  public void heartbeatAcknowledged() {
    lastHeartbeat = nanoTime.getAsLong();
  }

  Duration heartbeatAge() {
    return Duration.ofNanos(nanoTime.getAsLong() - lastHeartbeat);
  }

  /**
   * Serves {@code /metrics} on {@code address:port} until closed. One thread answers: a scrape is a few hundred
   * bytes, and the exporter's default pool would keep ten threads' stacks for it.
   *
   * @throws IOException when the address cannot be bound (the port taken, the address not this host's)
   */
  public Closeable serve(String address, int port) throws IOException {
    ExecutorService scrapes = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "metrics");
      thread.setDaemon(true);
      return thread;
    });
    try {
      HTTPServer server = HTTPServer.builder().hostname(address).port(port).registry(registry)
          .executorService(scrapes).buildAndStart();
      return () -> {
        server.close();
        scrapes.shutdownNow();
      };
    } catch (IOException | RuntimeException e) {
      scrapes.shutdownNow();
      throw e;
    }
  }
}
