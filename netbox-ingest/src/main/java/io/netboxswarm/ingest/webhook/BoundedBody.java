package io.netboxswarm.ingest.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.http.HttpStatus;

import jakarta.servlet.http.HttpServletRequest;

/** Reads a request body up to a limit; a larger one is refused (413) without being read further. */
final class BoundedBody {

  private BoundedBody() {
  }

  static byte[] read(HttpServletRequest request, long limit) {
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(limit);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 4096);
    byte[] buffer = new byte[8192];
    try (InputStream in = request.getInputStream()) {
      long total = 0;
      int n;
      while ((n = in.read(buffer)) != -1) {
        total += n;
        if (total > limit) {
          throw tooLarge(limit);
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the webhook body", e);
    }
    return out.toByteArray();
  }

  private static WebhookProblem tooLarge(long limit) {
    return new WebhookProblem(HttpStatus.CONTENT_TOO_LARGE, "TOO_LARGE",
        "the body is larger than the limit of " + limit + " bytes (netbox-swarm.ingest.webhook.max-body-size)");
  }
}
