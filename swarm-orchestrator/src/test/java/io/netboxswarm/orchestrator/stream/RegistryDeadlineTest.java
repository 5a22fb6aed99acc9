package io.netboxswarm.orchestrator.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.netboxswarm.orchestrator.failure.Failures;

/** A registry call that never returns fails as transient after the deadline; what the serde throws stays as it is. */
@Tag("fast")
class RegistryDeadlineTest {

  private final RegistryDeadline deadline = new RegistryDeadline(Duration.ofMillis(300));
  private final CountDownLatch never = new CountDownLatch(1);

  @Test
  void aCallThatHangsFailsAsTransientAndTheNextCallRunsOnAFreshThread() {
    boolean[] hang = {true};
    Deserializer<String> serde = deadline.deserializer((topic, data) -> {
      if (hang[0]) {
        await(never); // the registry's answer that never reaches the client
      }
      return new String(data, StandardCharsets.UTF_8);
    });

    assertThatThrownBy(() -> serde.deserialize("netbox.events", new byte[] {'a'}))
        .isInstanceOf(TimeoutException.class).hasMessageContaining("300 ms")
        .satisfies(e -> assertThat(Failures.isTransient(e)).as("retried, never dead-lettered").isTrue());

    hang[0] = false;
    assertThat(serde.deserialize("netbox.events", "b".getBytes(StandardCharsets.UTF_8))).isEqualTo("b");
  }

  @Test
  void whatTheSerdeThrowsComesThroughAsItIs() {
    Deserializer<String> serde = deadline.deserializer((topic, data) -> {
      throw new SerializationException("unknown magic byte");
    });

    assertThatThrownBy(() -> serde.deserialize("netbox.events", new byte[] {1}))
        .isInstanceOf(SerializationException.class).hasMessage("unknown magic byte")
        .satisfies(e -> assertThat(Failures.isTransient(e)).as("a record that can never be read").isFalse());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
