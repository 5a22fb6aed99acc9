package io.netboxswarm.ingest.resync;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.netboxswarm.ingest.publish.PublishFailedException;
import io.netboxswarm.netbox.NetboxApiException;

/**
 * {@code POST /actuator/resync}: runs a resync now and answers its report once every snapshot is acknowledged (200);
 * 409 when one is running, 502 when NetBox fails, 503 when Kafka does. An operator endpoint, so it lives with the
 * actuator (its port, 127.0.0.1 by default, its exposure settings), not on the webhook path, and only with the admin
 * token ({@code io.netboxswarm.http.admin.AdminTokenFilter}).
 */
@Endpoint(id = "resync")
public class ResyncEndpoint {

  private final Resync resync;

  ResyncEndpoint(Resync resync) {
    this.resync = resync;
  }

  @WriteOperation
  public WebEndpointResponse<Object> run() {
    try {
      return new WebEndpointResponse<>(resync.run(), 200);
    } catch (Resync.ResyncBusyException e) {
      return new WebEndpointResponse<>(Map.of("error", e.getMessage()), 409);
    } catch (NetboxApiException e) {
      return new WebEndpointResponse<>(Map.of("error", e.getMessage()), 502);
    } catch (PublishFailedException e) {
      return new WebEndpointResponse<>(Map.of("error", e.getMessage()), 503);
    }
  }
}
