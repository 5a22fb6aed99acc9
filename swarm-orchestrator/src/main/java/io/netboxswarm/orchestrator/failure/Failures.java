package io.netboxswarm.orchestrator.failure;

import java.lang.reflect.Method;
import java.util.Set;

/**
 * Tells a failure that may pass (a broker, the registry or NetBox away, slow or overloaded) from one that the same
 * input will always meet (corrupt bytes, a schema id the registry does not know, a bug). A transient failure is
 * retried and never skipped; only a failure known to come from the record itself may put the record aside.
 */
public final class Failures {

  /** Network failures the JDK, Netty and Vert.x (the registry client's transport) report by class name. */
  private static final Set<String> NETWORK = Set.of("ConnectException", "SocketException",
      "SocketTimeoutException", "UnknownHostException", "NoRouteToHostException", "HttpTimeoutException",
      "HttpConnectTimeoutException", "ConnectTimeoutException", "ClosedChannelException",
      "StacklessClosedChannelException", "HttpClosedException", "AnnotatedConnectException",
      "PortUnreachableException", "TimeoutException", "InterruptedException", "InterruptedIOException",
      "RejectedExecutionException");

  private Failures() {
  }

  /** True when something in the cause chain says the failure may pass by itself. */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      // An ACL or a certificate an operator has yet to fix is no fault of the record either.
      if (t instanceof org.apache.kafka.common.errors.RetriableException
          || t instanceof org.apache.kafka.common.errors.AuthorizationException
          || t instanceof org.apache.kafka.common.errors.AuthenticationException
          || NETWORK.contains(t.getClass().getSimpleName()) || transientStatus(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why a record was put aside, for its dead letter: the failure's classes and messages, and the HTTP status a
   * server answered (the registry's 404 for a schema id it does not know), which the messages leave out.
   */
  public static String reason(Throwable failure) {
    String reason = io.netboxswarm.contracts.DeadLetters.reason(failure);
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Integer status = status(t);
      if (status != null) {
        return "HTTP " + status + " from " + t.getClass().getSimpleName() + "; " + reason;
      }
    }
    return reason;
  }

  /**
   * An HTTP error (the registry client's ApiException) that a later call may not meet: 5xx, 408, 429, and 401/403
   * (credentials an operator fixes).
   */
  private static boolean transientStatus(Throwable t) {
    Integer c = status(t);
    return c != null && (c >= 500 || c == 408 || c == 429 || c == 401 || c == 403 || c == 0);
  }

  private static Integer status(Throwable t) {
    try {
      Method status = t.getClass().getMethod("getResponseStatusCode");
      return status.invoke(t) instanceof Integer code ? code : null;
    } catch (ReflectiveOperationException | RuntimeException notAnHttpError) {
      return null;
    }
  }
}
