package io.netboxswarm.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class WebhookTimestampTest {

  @Test
  void readsWhatTheJdkReadsAndRefusesWhatItRefuses() {
    List<String> texts = new ArrayList<>(List.of(
        "2026-08-22T09:00:03.601442+00:00", "2026-08-22T09:00:03Z", "2026-08-22T09:00:03.5-05:30",
        "2026-08-22T09:00:03.123456789+14:00", "2026-08-22T09:00:03.1234567891+00:00", "2026-08-22T09:00:03.+00:00",
        "2026-02-30T09:00:03+00:00", "2026-08-22T24:00:00+00:00", "2026-08-22T09:60:00+00:00",
        "2026-08-22T09:00:60+00:00", "2026-08-22T09:00:03+18:00", "2026-08-22T09:00:03+18:30",
        "2026-08-22T09:00:03+19:00", "2026-08-22T09:00:03-00:00", "2026-08-22t09:00:03z",
        "2026-08-22T09:00+00:00", "2026-08-22T09:00:03+0000", "2026-08-22T09:00:03+00:00:30",
        "2026-08-22T09:00:03", "2026-08-22 09:00:03+00:00", "+12026-08-22T09:00:03Z", "2026-8-22T09:00:03Z",
        "2026-08-22T09:00:03+00:0x", "2026-08-22T09:00:03.60a442+00:00", "0000-01-01T00:00:00Z", "", "now"));
    Random random = new Random(17);
    for (int i = 0; i < 2_000; i++) {
      char[] text = "2026-08-22T09:00:03.601442+00:00".toCharArray();
      text[random.nextInt(text.length)] = "0123456789+-:.TZ x".charAt(random.nextInt(18));
      texts.add(new String(text));
    }
    for (String text : texts) {
      assertThat(WebhookTimestamp.parse(text)).as(text).isEqualTo(jdk(text));
    }
  }

  private static Instant jdk(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
