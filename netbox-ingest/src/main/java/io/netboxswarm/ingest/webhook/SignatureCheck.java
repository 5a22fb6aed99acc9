package io.netboxswarm.ingest.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.netboxswarm.ingest.IngestProperties;

/**
 * Admits a webhook only with a valid signature, unless unsigned webhooks are explicitly allowed (off by default,
 * warned about at start). A configured secret is always checked when a signature is sent.
 */
@Component
class SignatureCheck {

  static final String HEADER = "X-Hook-Signature";
  private static final Logger log = LoggerFactory.getLogger(SignatureCheck.class);

  private final HookSignature signature;
  private final boolean allowUnsigned;

  SignatureCheck(IngestProperties properties) {
    IngestProperties.Webhook webhook = properties.webhook();
    boolean hasSecret = webhook.secret() != null && !webhook.secret().isEmpty();
    this.allowUnsigned = webhook.allowUnsigned();
    if (!hasSecret && !allowUnsigned) {
      throw new IllegalStateException("netbox-swarm.ingest.webhook.secret is required (the secret of the NetBox "
          + "webhook), unless netbox-swarm.ingest.webhook.allow-unsigned=true");
    }
    if (allowUnsigned) {
      log.warn("UNSIGNED WEBHOOKS ARE ACCEPTED (netbox-swarm.ingest.webhook.allow-unsigned=true): anyone who can "
          + "reach this endpoint can publish NetBox events{}", hasSecret ? "; signed ones are still verified" : "");
    }
    this.signature = hasSecret ? new HookSignature(webhook.secret()) : null;
  }

  void verify(byte[] body, String header) {
    if (header == null || header.isEmpty()) {
      if (allowUnsigned) {
        return;
      }
      throw new WebhookProblem(HttpStatus.UNAUTHORIZED, "MISSING_SIGNATURE",
          "the " + HEADER + " header is required");
    }
    if (signature != null && !signature.matches(body, header)) {
      throw new WebhookProblem(HttpStatus.UNAUTHORIZED, "BAD_SIGNATURE",
          "the " + HEADER + " header is not the HMAC-SHA512 of the body with the webhook secret");
    }
  }
}
