package io.netboxswarm.orchestrator.stream;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A deadline on the serde calls that may ask the schema registry. The Apicurio client sets no request timeout with
 * either of its HTTP adapters, and chaos seed 647985 saw the stream thread wait forever on the first schema it
 * fetched (the registry had answered; the client never went on to ask for the schema's references), with nothing
 * logged and health UP. Each call runs on a helper thread; past the deadline it is abandoned with that thread and
 * fails with Kafka's {@link TimeoutException}, a transient failure: the stream rewinds to its last commit, says so,
 * and tries again after its back-off. Calls come one at a time from the stream thread.
 */
final class RegistryDeadline {

  private final Duration deadline;
  private ExecutorService worker = newWorker();

  RegistryDeadline(Duration deadline) {
    this.deadline = deadline;
  }

  <T> Deserializer<T> deserializer(Deserializer<T> delegate) {
    return new Deserializer<>() {
      @Override
      public T deserialize(String topic, byte[] data) {
        return call(() -> delegate.deserialize(topic, data));
      }

      @Override
      public T deserialize(String topic, Headers headers, byte[] data) {
        return call(() -> delegate.deserialize(topic, headers, data));
      }

      @Override
      public void close() {
        delegate.close();
      }
    };
  }

  <T> Serializer<T> serializer(Serializer<T> delegate) {
    return new Serializer<>() {
      @Override
      public byte[] serialize(String topic, T data) {
        return call(() -> delegate.serialize(topic, data));
      }

      @Override
      public byte[] serialize(String topic, Headers headers, T data) {
        return call(() -> delegate.serialize(topic, headers, data));
      }

      @Override
      public void close() {
        delegate.close();
      }
    };
  }

  synchronized <T> T call(Supplier<T> call) {
    Future<T> future = worker.submit(call::get);
    try {
      return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure; // as the serde threw it: a record that can never be read stays one
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      future.cancel(true);
      worker.shutdownNow();
      worker = newWorker(); // the stuck thread stays with its call; the next one gets a fresh thread
      throw new TimeoutException("the schema registry did not answer within " + deadline.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new TimeoutException("interrupted while waiting for the schema registry");
    }
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "registry-calls");
      thread.setDaemon(true);
      return thread;
    });
  }
}
