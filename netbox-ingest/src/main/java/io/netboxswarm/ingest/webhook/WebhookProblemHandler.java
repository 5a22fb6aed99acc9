package io.netboxswarm.ingest.webhook;

import java.net.URI;
import java.util.Locale;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.netboxswarm.ingest.metrics.IngestMetrics;

/** Turns every {@link WebhookProblem} into an {@code application/problem+json} answer and counts it. */
@RestControllerAdvice(assignableTypes = WebhookController.class)
class WebhookProblemHandler {

  private final IngestMetrics metrics;

  WebhookProblemHandler(IngestMetrics metrics) {
    this.metrics = metrics;
  }

  @ExceptionHandler(WebhookProblem.class)
  ResponseEntity<ProblemDetail> problem(WebhookProblem problem) {
    metrics.rejected(problem.code());
    ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
    body.setType(URI.create("urn:netbox-swarm:ingest:" + problem.code().toLowerCase(Locale.ROOT).replace('_', '-')));
    body.setProperty("code", problem.code());
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (problem.status().value() == 503) {
      headers.set(HttpHeaders.RETRY_AFTER, "5");
    }
    return new ResponseEntity<>(body, headers, problem.status());
  }
}
