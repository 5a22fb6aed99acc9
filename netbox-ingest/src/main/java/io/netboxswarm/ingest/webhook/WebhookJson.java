package io.netboxswarm.ingest.webhook;

import org.springframework.http.HttpStatus;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Parses webhook bodies strictly: one JSON value, no duplicate keys. Errors give a position, never the text. */
final class WebhookJson {

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private WebhookJson() {
  }

  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw new WebhookProblem(HttpStatus.BAD_REQUEST, "MALFORMED_JSON", "the body is empty");
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new WebhookProblem(HttpStatus.BAD_REQUEST, "MALFORMED_JSON", "the body holds no JSON value");
      }
      return node;
    } catch (JacksonException e) {
      // Jackson's message may quote the offending token, which could be a secret: only its position is told.
      TokenStreamLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new WebhookProblem(HttpStatus.BAD_REQUEST, "MALFORMED_JSON", "the body is not well-formed JSON" + where);
    }
  }

  static String write(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }
}
