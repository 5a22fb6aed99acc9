package io.netboxswarm.ingest.webhook;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import io.netboxswarm.ingest.IngestProperties;
import io.netboxswarm.ingest.metrics.IngestMetrics;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The NetBox webhook endpoint. NetBox sends a JSON body whatever the method (the plugin's own webhooks use GET, PUT,
 * DELETE...), so every method is read alike. Checks, in order: size (413), signature (401), media type (415), JSON
 * (400), mapping (422); then the answer waits for Kafka's acknowledgement (202) or says it failed (503).
 */
@RestController
class WebhookController {

  static final String PATH = "/webhooks/netbox";

  private final SignatureCheck signatureCheck;
  private final WebhookIntake intake;
  private final IngestMetrics metrics;
  private final long maxBodyBytes;

  WebhookController(SignatureCheck signatureCheck, WebhookIntake intake, IngestMetrics metrics,
      IngestProperties properties) {
    this.signatureCheck = signatureCheck;
    this.intake = intake;
    this.metrics = metrics;
    this.maxBodyBytes = properties.webhook().maxBodySize().toBytes();
  }

  @RequestMapping(path = PATH, method = {RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH,
      RequestMethod.GET, RequestMethod.DELETE})
  ResponseEntity<WebhookIntake.Accepted> receive(HttpServletRequest request) {
    metrics.received();
    byte[] body = BoundedBody.read(request, maxBodyBytes);
    signatureCheck.verify(body, request.getHeader(SignatureCheck.HEADER));
    requireJson(request.getContentType());
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(intake.accept(WebhookJson.parse(body), request.getMethod()));
  }

  private static void requireJson(String contentType) {
    boolean json;
    try {
      MediaType type = contentType == null ? null : MediaType.parseMediaType(contentType);
      json = type != null && "application".equals(type.getType())
          && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
    } catch (InvalidMediaTypeException e) {
      json = false;
    }
    if (!json) {
      throw new WebhookProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "NOT_JSON",
          "the body must be JSON (Content-Type: application/json)");
    }
  }
}
