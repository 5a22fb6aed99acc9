package io.netboxswarm.netbox;

/**
 * A request to NetBox that did not succeed, and whether trying it again later may: see {@link Failure}. The
 * message names the method, the path and the status, never a token nor a body (NetBox's error may echo a secret
 * that was sent); NetBox's answer to a rejected request is apart, in {@link #responseBody()}.
 */
public final class NetboxApiException extends RuntimeException {

  /** What went wrong, by what a caller does about it. */
  public enum Failure {
    /** This client would not send it: a method or path outside NetBox's API. Nothing left the process. */
    NOT_SENT(false),
    /** NetBox not reached: no connection, a time-out, the caller interrupted. */
    UNREACHABLE(true),
    /** 401 or 403: NetBox refuses the token (expired, revoked, lacking a permission) until an operator fixes it. */
    TOKEN_REFUSED(true),
    /** 5xx, 408 or 429: NetBox cannot take it now. */
    UNAVAILABLE(true),
    /** Any other answer but 2xx: NetBox refuses this request, and would refuse it again. */
    REJECTED(false),
    /** 2xx, but not the JSON asked for. */
    UNEXPECTED_ANSWER(false);

    private final boolean isTransient;

    Failure(boolean isTransient) {
      this.isTransient = isTransient;
    }

    /** True when the same request may succeed later, with nothing changed on this side. */
    public boolean isTransient() {
      return isTransient;
    }

    static Failure of(int status) {
      if (status == 401 || status == 403) {
        return TOKEN_REFUSED;
      }
      return status >= 500 || status == 408 || status == 429 ? UNAVAILABLE : REJECTED;
    }
  }

  private static final int BODY_LIMIT = 300;

  private final Failure failure;
  private final int status;
  private final String responseBody;

  NetboxApiException(Failure failure, String message, int status, String responseBody, Throwable cause) {
    super(message, cause);
    this.failure = failure;
    this.status = status;
    this.responseBody = responseBody == null || responseBody.length() <= BODY_LIMIT ? responseBody
        : responseBody.substring(0, BODY_LIMIT) + "...";
  }

  /** An answer NetBox gave with a 2xx status that is not what the caller expected (a name found twice, say). */
  public static NetboxApiException unexpected(String message) {
    return new NetboxApiException(Failure.UNEXPECTED_ANSWER, message, 200, null, null);
  }

  public Failure failure() {
    return failure;
  }

  /** The HTTP status NetBox answered, 0 when it answered nothing. */
  public int status() {
    return status;
  }

  /**
   * NetBox's answer to a rejected request (at most 300 characters), null otherwise. It may quote the request: log
   * it only when the request carried no secret.
   */
  public String responseBody() {
    return responseBody;
  }
}
