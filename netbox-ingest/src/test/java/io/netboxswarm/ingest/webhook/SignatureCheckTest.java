package io.netboxswarm.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netboxswarm.ingest.Fixture;
import io.netboxswarm.ingest.IngestProperties;

/** Signatures are required unless unsigned webhooks are explicitly allowed, which is warned about at start. */
class SignatureCheckTest {

  static IngestProperties properties(String secret, boolean allowUnsigned) {
    return new IngestProperties(new IngestProperties.Webhook(secret, allowUnsigned, DataSize.ofMegabytes(1),
        Duration.ofMinutes(5), Duration.ofMinutes(1)),
        new IngestProperties.Publish("http://registry/apis/registry/v3", Duration.ofSeconds(5), "e", "r"),
        new IngestProperties.Sealing(null, "X"), new IngestProperties.Netbox(null, null, Duration.ofSeconds(1), 10),
        new IngestProperties.Resync(false, Duration.ofMinutes(1), List.of()), null);
  }

  @Test
  void withoutASecretTheIngestDoesNotStartUnlessUnsignedIsAllowed() {
    assertThatThrownBy(() -> new SignatureCheck(properties(null, false)))
        .hasMessageContaining("netbox-swarm.ingest.webhook.secret is required");
    assertThatThrownBy(() -> new SignatureCheck(properties("", false))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void byDefaultAnUnsignedWebhookIsRefused() {
    SignatureCheck check = new SignatureCheck(properties(Fixture.SECRET, false));
    Fixture fixture = Fixture.named("host_created");
    assertThatNoException().isThrownBy(() -> check.verify(fixture.wire(), fixture.signature()));
    assertThatThrownBy(() -> check.verify(fixture.wire(), null)).isInstanceOfSatisfying(WebhookProblem.class,
        p -> assertThat(p.code()).isEqualTo("MISSING_SIGNATURE"));
  }

  @Test
  void allowingUnsignedWebhooksIsWarnedAndStillChecksWhatIsSigned() {
    Logger logger = (Logger) LoggerFactory.getLogger(SignatureCheck.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      SignatureCheck check = new SignatureCheck(properties(Fixture.SECRET, true));
      assertThat(appender.list).anySatisfy(e -> {
        assertThat(e.getLevel()).isEqualTo(Level.WARN);
        assertThat(e.getFormattedMessage()).contains("UNSIGNED WEBHOOKS ARE ACCEPTED").doesNotContain(Fixture.SECRET);
      });
      Fixture fixture = Fixture.named("host_created");
      assertThatNoException().isThrownBy(() -> check.verify(fixture.wire(), null));
      assertThatThrownBy(() -> check.verify(fixture.wire(), "00")).isInstanceOfSatisfying(WebhookProblem.class,
          p -> assertThat(p.code()).isEqualTo("BAD_SIGNATURE"));
    } finally {
      logger.detachAppender(appender);
    }
  }
}
