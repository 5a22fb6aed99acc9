package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.contracts.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics the orchestrator reads and writes, and each host's command topic before its first command
 * (a producer cannot send to a topic that does not exist where the broker does not create topics itself).
 */
public final class TopicProvisioner implements LongConsumer, AutoCloseable {

  static final List<String> TOPICS = List.of(Topics.NETBOX_EVENTS, Topics.AGENT_RESULTS, Topics.AGENT_HEARTBEATS,
      Topics.SWARM_AUDIT, Topics.NETBOX_WRITES);

  private final Admin admin;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  public TopicProvisioner(String bootstrapServers) {
    this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
  }

  public void ensureShared() {
    TOPICS.forEach(this::ensure);
  }

  @Override
  public void accept(long hostId) {
    ensure(Topics.commandsFor(hostId));
  }

  public void ensure(String topic) {
    if (known.contains(topic)) {
      return;
    }
    try {
      admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating topic " + topic, e);
    }
    known.add(topic);
  }

  @Override
  public void close() {
    admin.close();
  }
}
