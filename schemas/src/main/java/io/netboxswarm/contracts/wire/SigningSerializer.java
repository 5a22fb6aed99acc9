package io.netboxswarm.contracts.wire;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

import io.netboxswarm.sealing.RecordSigner;

/**
 * A serializer that signs what another one wrote ({@link RecordSignatures}): the producer and Kafka Streams both
 * hand the record's headers to the serializer, so every record this principal sends leaves signed. The signer is
 * supplied lazily, so a client can be built while its keys are still being read.
 */
public final class SigningSerializer<T> implements Serializer<T> {

  private final Serializer<T> inner;
  private final Supplier<RecordSigner> signer;

  public SigningSerializer(Serializer<T> inner, Supplier<RecordSigner> signer) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.signer = Objects.requireNonNull(signer, "signer");
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    inner.configure(configs, isKey);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    throw new IllegalStateException("a signed record needs its headers: use serialize(topic, headers, data)");
  }

  @Override
  public byte[] serialize(String topic, Headers headers, T data) {
    byte[] bytes = inner.serialize(topic, headers, data);
    if (bytes != null) {
      RecordSignatures.sign(signer.get(), topic, headers, bytes);
    }
    return bytes;
  }

  @Override
  public void close() {
    inner.close();
  }
}
