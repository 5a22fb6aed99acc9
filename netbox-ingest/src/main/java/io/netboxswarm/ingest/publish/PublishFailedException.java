package io.netboxswarm.ingest.publish;

/** Kafka (or the schema registry) did not acknowledge a record in time: the webhook must be answered 503. */
public class PublishFailedException extends RuntimeException {

  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
