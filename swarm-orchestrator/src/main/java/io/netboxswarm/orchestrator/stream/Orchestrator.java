package io.netboxswarm.orchestrator.stream;

import io.netboxswarm.orchestrator.state.StateStore;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;

/**
 * The orchestrator's Kafka Streams app as the binder runs it: what this project sets on it (its clients, thread
 * replacement, leaving the group on a clean stop) and read access to its state and progress.
 */
public final class Orchestrator implements StreamsBuilderFactoryBeanConfigurer {

  private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);
  /**
   * The longest wait between two attempts at a record that met a transient failure. The stream thread waits it
   * out, possibly inside an open transaction: under Kafka Streams' transaction.timeout.ms (10 s under exactly-once).
   */
  static final Duration RETRY_BACKOFF_MAX = Duration.ofSeconds(8);

  private final StreamsClients clients;
  private final StateRestoreListener restores;
  private final Retries retries = new Retries(RETRY_BACKOFF_MAX);
  private volatile StreamsBuilderFactoryBean factory;

  /** @param restores told of each restore of the state stores from their changelogs (the binder sets none) */
  Orchestrator(StreamsClients clients, StateRestoreListener restores) {
    this.clients = clients;
    this.restores = restores;
  }

  Retries retries() {
    return retries;
  }

  @Override
  public void configure(StreamsBuilderFactoryBean factoryBean) {
    this.factory = factoryBean;
    factoryBean.setClientSupplier(clients);
    factoryBean.setCloseTimeout(30);
    // A restarted or standby instance takes over at once, not after the session timeout.
    factoryBean.setLeaveGroupOnClose(true);
    factoryBean.setStateRestoreListener(restores);
    factoryBean.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.PENDING_SHUTDOWN) {
        retries.close(); // a stop does not wait out a back-off
      }
    });
    // Applied as the binder starts the stream, after every configurer and the binder itself had their say.
    factoryBean.setKafkaStreamsCustomizer(streams -> {
      // Spring Boot and the binder each bind every Kafka Streams client metric to Micrometer: with a command topic
      // per host, tens of thousands of per-topic producer meters rescanned every minute, more CPU than the stream
      // thread's own (the benchmark at half speed).
      factoryBean.getListeners().stream().filter(KafkaStreamsMicrometerListener.class::isInstance).toList()
          .forEach(factoryBean::removeListener);
      // The binder sets SHUTDOWN_CLIENT on the factory; this is set on the instance, after it.
      streams.setUncaughtExceptionHandler(Orchestrator::replaceThread);
    });
  }

  private static StreamThreadExceptionResponse replaceThread(Throwable e) {
    if (TransientFailure.in(e)) {
      log.warn("{}", e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
    } else {
      log.error("orchestrator stream thread failed; replacing it", e);
    }
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  public boolean running() {
    return state() == KafkaStreams.State.RUNNING;
  }

  /** True while the stream waits to try again a record that met a transient failure (registry or broker away). */
  public boolean retrying() {
    return retries.waiting();
  }

  public KafkaStreams.State state() {
    KafkaStreams streams = streams();
    return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
  }

  /** A kind of row's state store, for the status API; throws while the instance is (re)starting. */
  public <V> ReadOnlyKeyValueStore<String, V> store(StateStore.Kind<V> kind) {
    KafkaStreams streams = streams();
    if (streams == null) {
      throw new org.apache.kafka.streams.errors.StreamsNotStartedException("the orchestrator has not started");
    }
    return streams.store(StoreQueryParameters.fromNameAndType(KeyValueStateStore.storeName(kind),
        QueryableStoreTypes.<String, V>keyValueStore()));
  }

  /** The state as the stores hold it, for reading only: a decision made over it changes nothing. */
  public StateStore liveState() {
    return new StateStore() {
      @Override
      public <V> void put(Kind<V> kind, String id, V value) {
        throw new UnsupportedOperationException("the state is written by the stream thread alone");
      }

      @Override
      public <V> void delete(Kind<V> kind, String id) {
        throw new UnsupportedOperationException("the state is written by the stream thread alone");
      }

      @Override
      public <V> void forEach(Kind<V> kind, BiConsumer<String, V> row) {
        try (var all = store(kind).all()) {
          all.forEachRemaining(kv -> row.accept(kv.key, kv.value));
        }
      }
    };
  }

  private KafkaStreams streams() {
    StreamsBuilderFactoryBean f = factory;
    return f == null ? null : f.getKafkaStreams();
  }
}
