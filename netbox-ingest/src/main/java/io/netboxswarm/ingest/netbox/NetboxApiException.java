package io.netboxswarm.ingest.netbox;

/** NetBox answered a request with an error status, or could not be reached. */
public class NetboxApiException extends RuntimeException {

  private final int status;

  public NetboxApiException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, or 0 when NetBox was not reached. */
  public int status() {
    return status;
  }
}
