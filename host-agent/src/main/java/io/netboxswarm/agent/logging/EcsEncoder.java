package io.netboxswarm.agent.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * A log event as one line of Elastic Common Schema JSON, with the fields (nested) of Spring Boot's
 * {@code logging.structured.format.console=ecs} in the two Spring applications, plus this agent's {@code host.id}.
 */
public final class EcsEncoder extends EncoderBase<ILoggingEvent> {

  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] NONE = new byte[0];

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("@timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      json.writeObjectFieldStart("log");
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeEndObject();
      json.writeObjectFieldStart("process");
      json.writeNumberField("pid", ProcessHandle.current().pid());
      json.writeObjectFieldStart("thread");
      json.writeStringField("name", event.getThreadName());
      json.writeEndObject();
      json.writeEndObject();
      json.writeObjectFieldStart("service");
      json.writeStringField("name", "host-agent");
      json.writeEndObject();
      json.writeObjectFieldStart("host");
      json.writeStringField("id", getContext().getProperty(AgentLogging.HOST_ID));
      json.writeEndObject();
      json.writeStringField("message", event.getFormattedMessage());
      IThrowableProxy error = event.getThrowableProxy();
      if (error != null) {
        json.writeObjectFieldStart("error");
        json.writeStringField("type", error.getClassName());
        json.writeStringField("message", error.getMessage());
        json.writeStringField("stack_trace", ThrowableProxyUtil.asString(error));
        json.writeEndObject();
      }
      json.writeObjectFieldStart("ecs");
      json.writeStringField("version", "8.11");
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }
}
