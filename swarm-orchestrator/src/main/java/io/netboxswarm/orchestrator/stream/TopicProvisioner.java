package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.contracts.Topics;
import io.netboxswarm.orchestrator.commands.CommandTopics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics the orchestrator reads and writes, and each host's command topic. Hosts announced with
 * {@link #prepare} get theirs in the background, up to {@value #BATCH} per request (a resync of thousands of hosts
 * would otherwise create them one round trip at a time, inside the stream thread); {@link #ensure} creates a missing
 * one at once, or waits for the request already carrying it.
 */
public final class TopicProvisioner implements CommandTopics, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
  static final List<String> TOPICS = List.of(Topics.NETBOX_EVENTS, Topics.AGENT_RESULTS, Topics.AGENT_HEARTBEATS,
      Topics.SWARM_AUDIT, Topics.NETBOX_WRITES, Topics.DEAD_LETTERS);
  static final int BATCH = 1000;

  private final Admin admin;
  private final java.util.function.Consumer<List<String>> warmer;
  /** Every topic asked for, with the creation that makes it exist; completed once it does. */
  private final Map<String, CompletableFuture<Void>> topics = new LinkedHashMap<>();
  private final List<String> queued = new ArrayList<>();
  private final Thread worker;
  private volatile boolean running = true;

  /**
   * @param clientProperties Kafka client settings (security) the admin client starts from
   * @param warmer loads a batch of new topics' metadata into the producer that will send to them
   */
  public TopicProvisioner(String bootstrapServers, Map<String, Object> clientProperties,
      java.util.function.Consumer<List<String>> warmer) {
    Map<String, Object> adminProps = new java.util.HashMap<>(clientProperties);
    adminProps.put("bootstrap.servers", bootstrapServers);
    this.admin = Admin.create(adminProps);
    this.warmer = warmer;
    this.worker = new Thread(this::createQueued, "command-topics");
    this.worker.setDaemon(true);
    this.worker.start();
  }

  /**
   * Creates the shared topics that do not exist, the inputs with one partition each, and checks the inputs that do:
   * the orchestrator reads them in one task ({@link OrchestratorTopology}), which Kafka Streams makes only of topics
   * of one partition; with more it would split the state over several tasks.
   */
  public void ensureShared() {
    List<CompletableFuture<Void>> created = TOPICS.stream().map(this::request).toList();
    created.forEach(TopicProvisioner::await);
    List<String> wrong = describeInputs().values().stream().filter(topic -> topic.partitions().size() != 1)
        .map(topic -> topic.name() + " has " + topic.partitions().size()).toList();
    if (!wrong.isEmpty()) {
      throw new IllegalStateException("each topic the orchestrator reads must have exactly one partition: "
          + String.join(", ", wrong) + " (Kafka cannot take a topic's partitions away: create it anew with one)");
    }
  }

  /** The inputs as the broker describes them; a topic created a moment ago may not be in its metadata yet. */
  private Map<String, TopicDescription> describeInputs() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return admin.describeTopics(OrchestratorTopology.INPUTS).allTopicNames().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot describe the input topics: " + e.getCause().getMessage(),
              e.getCause());
        }
        pause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while describing the input topics", e);
      } catch (TimeoutException e) {
        throw new IllegalStateException("timed out describing the input topics", e);
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing the input topics", e);
    }
  }

  @Override
  public void prepare(Collection<Long> hostIds) {
    synchronized (this) {
      for (long host : hostIds) {
        String topic = Topics.commandsFor(host);
        if (!topics.containsKey(topic)) {
          topics.put(topic, new CompletableFuture<>());
          queued.add(topic);
        }
      }
      notifyAll();
    }
  }

  @Override
  public void ensure(long hostId) {
    String topic = Topics.commandsFor(hostId);
    CompletableFuture<Void> created;
    synchronized (this) {
      created = topics.get(topic);
      if (created != null && !created.isDone() && queued.remove(topic)) {
        created = null; // still waiting for the background: create it now instead
        topics.remove(topic);
      }
    }
    await(created != null ? created : request(topic));
  }

  /** Creates one topic now (unless it is already being created). */
  private CompletableFuture<Void> request(String topic) {
    CompletableFuture<Void> created;
    synchronized (this) {
      created = topics.get(topic);
      if (created != null) {
        return created;
      }
      created = new CompletableFuture<>();
      topics.put(topic, created);
    }
    create(List.of(topic));
    return created;
  }

  private void createQueued() {
    while (running) {
      List<String> batch;
      synchronized (this) {
        while (running && queued.isEmpty()) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        batch = new ArrayList<>(queued.subList(0, Math.min(BATCH, queued.size())));
        queued.subList(0, batch.size()).clear();
      }
      if (!batch.isEmpty()) {
        long start = System.nanoTime();
        create(batch);
        awaitQuietly(batch);
        warmer.accept(batch);
        log.info("{} command topics made in {} ms", batch.size(), (System.nanoTime() - start) / 1_000_000);
      }
    }
  }

  /** One CreateTopics request; each topic's future completes when it exists, or fails with why not. */
  private void create(List<String> names) {
    List<NewTopic> newTopics = names.stream().map(n -> new NewTopic(n,
        OrchestratorTopology.INPUTS.contains(n) ? Optional.of(1) : Optional.empty(), Optional.empty())).toList();
    CreateTopicsResult result = admin.createTopics(newTopics);
    result.values().forEach((name, future) -> future.whenComplete((ok, error) -> {
      CompletableFuture<Void> created;
      synchronized (this) {
        created = topics.get(name);
      }
      if (created == null) {
        return;
      }
      if (error == null || causedBy(error, TopicExistsException.class)) {
        created.complete(null);
      } else {
        log.warn("cannot create topic {}: {}", name, error.getMessage());
        synchronized (this) {
          topics.remove(name); // asked again next time
        }
        created.completeExceptionally(error);
      }
    }));
  }

  /** One batch at a time: the broker creates a thousand topics faster than it takes a second thousand at once. */
  private void awaitQuietly(List<String> batch) {
    for (String topic : batch) {
      CompletableFuture<Void> created;
      synchronized (this) {
        created = topics.get(topic);
      }
      if (created != null) {
        try {
          created.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          // reported by create(); ensure() tries again
        }
      }
    }
  }

  private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (type.isInstance(e)) {
        return true;
      }
    }
    return false;
  }

  private static void await(CompletableFuture<Void> created) {
    try {
      created.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create a topic: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating a topic", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating a topic", e);
    }
  }

  @Override
  public void close() {
    running = false;
    synchronized (this) {
      notifyAll();
    }
    admin.close();
  }
}
