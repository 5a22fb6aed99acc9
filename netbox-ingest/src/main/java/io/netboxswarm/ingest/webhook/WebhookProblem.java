package io.netboxswarm.ingest.webhook;

import org.springframework.http.HttpStatus;

/**
 * A webhook refused with an RFC 9457 problem: the HTTP status, a stable code (also the metric's reason tag) and a
 * detail that never quotes the body.
 */
class WebhookProblem extends RuntimeException {

  private final HttpStatus status;
  private final String code;

  WebhookProblem(HttpStatus status, String code, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
  }

  HttpStatus status() {
    return status;
  }

  String code() {
    return code;
  }
}
