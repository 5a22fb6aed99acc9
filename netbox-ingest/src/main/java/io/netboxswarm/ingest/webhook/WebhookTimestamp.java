package io.netboxswarm.ingest.webhook;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A webhook's {@code timestamp} (ISO-8601 with offset), as {@link OffsetDateTime#parse} reads it. NetBox's shape,
 * {@code 2026-08-22T09:00:03.601442+00:00}, is read field by field: the JDK's formatter costs several microseconds a
 * webhook (a few per cent of the ingest's CPU). Any other shape, and any value the fast reading refuses, goes to
 * {@link OffsetDateTime#parse}, which decides.
 */
final class WebhookTimestamp {

  private WebhookTimestamp() {
  }

  /** The instant, or null when {@code text} is not an ISO-8601 date-time with offset. */
  static Instant parse(String text) {
    Instant fast = netboxShape(text);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}, or null for anything else. */
  private static Instant netboxShape(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int at = 19;
    int nanos = 0;
    if (s.charAt(at) == '.') {
      int start = ++at;
      while (at < n && at - start < 9 && isDigit(s.charAt(at))) {
        nanos = nanos * 10 + (s.charAt(at++) - '0');
      }
      int count = at - start;
      if (count == 0 || (at < n && isDigit(s.charAt(at)))) {
        return null;
      }
      for (int i = count; i < 9; i++) {
        nanos *= 10;
      }
    }
    int offsetSeconds;
    if (at == n - 1 && s.charAt(at) == 'Z') {
      offsetSeconds = 0;
    } else if (at == n - 6 && (s.charAt(at) == '+' || s.charAt(at) == '-') && s.charAt(at + 3) == ':') {
      int hours = digits(s, at + 1, 2);
      int minutes = digits(s, at + 4, 2);
      if ((hours | minutes) < 0 || minutes > 59 || hours > 18) {
        return null;
      }
      offsetSeconds = (s.charAt(at) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    } else {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
          .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
    } catch (DateTimeException e) {
      return null; // out of range (February 30th, hour 24...): the JDK's reading decides
    }
  }

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
