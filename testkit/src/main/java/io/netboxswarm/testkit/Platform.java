package io.netboxswarm.testkit;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.netboxswarm.testkit.kafka.KafkaBroker;
import io.netboxswarm.testkit.registry.ApicurioRegistry;

/**
 * JUnit 5 extension giving tests the real messaging platform: ONE Kafka broker and ONE Apicurio registry per
 * test JVM, started on first use and stopped when the JVM's tests end. Inject {@link KafkaBroker} or
 * {@link ApicurioRegistry} as test or lifecycle parameters, or call {@link #broker()} / {@link #registry()}
 * (for Spring's {@code @DynamicPropertySource}, say).
 *
 * <pre>{@code @ExtendWith(Platform.class) class MyTest { @Test void t(KafkaBroker kafka, ApicurioRegistry r) {} }}</pre>
 */
public final class Platform implements ParameterResolver {

  private static KafkaBroker broker;
  private static ApicurioRegistry registry;

  /** The shared broker, started on first call. */
  public static synchronized KafkaBroker broker() {
    if (broker == null) {
      broker = KafkaBroker.start();
      stopAtExit(broker);
    }
    return broker;
  }

  /** The shared registry, started on first call. */
  public static synchronized ApicurioRegistry registry() {
    if (registry == null) {
      registry = ApicurioRegistry.start(RuntimeDirs.apicurioServer(), RuntimeDirs.registryJava(),
          Path.of("target", "apicurio-registry.log").toAbsolutePath());
      stopAtExit(registry);
    }
    return registry;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KafkaBroker.class || type == ApicurioRegistry.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaBroker.class ? broker() : registry();
  }

  // A JVM hook rather than the root store: Spring's context cache and other extensions may use the broker
  // until the very end of the run.
  private static void stopAtExit(AutoCloseable resource) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        resource.close();
      } catch (Exception ignored) {
        // the JVM is ending
      }
    }));
  }
}
