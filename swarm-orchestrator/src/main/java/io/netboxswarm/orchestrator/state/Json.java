package io.netboxswarm.orchestrator.state;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JSON form of the state rows: what their stores' serde writes, readable in the changelog topics. */
public final class Json {

  private final JsonMapper mapper = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  public String write(Object value) {
    return mapper.writeValueAsString(value);
  }

  public <T> T read(String json, Class<T> type) {
    return mapper.readValue(json, type);
  }

  public byte[] bytes(Object value) {
    return mapper.writeValueAsBytes(value);
  }

  public <T> T read(byte[] json, Class<T> type) {
    return mapper.readValue(json, type);
  }
}
