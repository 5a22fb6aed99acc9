package io.netboxswarm.netbox.mapping;

/**
 * A signed webhook that cannot be turned into an event. The message names the field and what was wrong with it,
 * never the field's value (which may be a secret).
 */
public class UnmappableWebhookException extends RuntimeException {

  /** Stable reason codes, used on the rejected topic and as a metric tag. */
  public enum Reason { MISSING_FIELD, WRONG_TYPE, UNKNOWN_EVENT, NOT_AN_OBJECT, UNSEALABLE }

  private final Reason reason;

  public UnmappableWebhookException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  static UnmappableWebhookException missing(String path) {
    return new UnmappableWebhookException(Reason.MISSING_FIELD, "missing field '" + path + "'");
  }

  static UnmappableWebhookException wrongType(String path, String expected, String actual) {
    return new UnmappableWebhookException(Reason.WRONG_TYPE,
        "field '" + path + "' must be " + expected + ", not " + actual);
  }
}
