package io.netboxswarm.ingest;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.netboxswarm.contracts.Topics;

/**
 * Every setting of the ingest, under {@code netbox-swarm.ingest}; the README's configuration table documents each. Secrets (the
 * webhook secret, the NetBox token, the admin token) are never printed: {@link #toString()} hides them.
 */
@ConfigurationProperties("netbox-swarm.ingest")
public record IngestProperties(
    @DefaultValue Webhook webhook,
    @DefaultValue Publish publish,
    @DefaultValue Sealing sealing,
    @DefaultValue Netbox netbox,
    @DefaultValue Resync resync,
    String adminToken) {

  public IngestProperties {
    io.netboxswarm.http.admin.AdminTokenFilter.requireStrong(adminToken, "netbox-swarm.ingest.admin-token");
  }

  /** How webhooks are received. */
  public record Webhook(
      String secret,
      @DefaultValue("false") boolean allowUnsigned,
      @DefaultValue("1MB") DataSize maxBodySize,
      @DefaultValue("5m") Duration maxAge,
      @DefaultValue("1m") Duration maxClockSkew) {

    public Webhook {
      if (maxAge.isNegative() || maxAge.isZero() || maxClockSkew.isNegative()) {
        throw new IllegalArgumentException("netbox-swarm.ingest.webhook.max-age must be positive and "
            + "max-clock-skew not negative");
      }
    }

    @Override
    public String toString() {
      return "Webhook[secret=" + (secret == null || secret.isEmpty() ? "<unset>" : "<redacted>")
          + ", allowUnsigned=" + allowUnsigned + ", maxBodySize=" + maxBodySize + ", maxAge=" + maxAge
          + ", maxClockSkew=" + maxClockSkew + "]";
    }
  }

  /** Where and how events are published. */
  public record Publish(
      String registryUrl,
      @DefaultValue("5s") Duration timeout,
      @DefaultValue(Topics.NETBOX_EVENTS) String eventsTopic,
      @DefaultValue(Topics.NETBOX_EVENTS_REJECTED) String rejectedTopic) {

    public Publish {
      if (registryUrl == null || registryUrl.isBlank()) {
        throw new IllegalArgumentException("netbox-swarm.registry-url (NETBOX_SWARM_REGISTRY_URL) is required (the"
            + " Apicurio registry's /apis/registry/v3 base)");
      }
      if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("netbox-swarm.ingest.publish.timeout must be positive");
      }
    }
  }

  /** The orchestrator's public keyset, which secret data and join tokens are sealed for. */
  public record Sealing(
      Path orchestratorPublicKeysetFile,
      @DefaultValue("NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET") String orchestratorPublicKeysetEnv) {
  }

  /** NetBox's REST API, for resync. */
  public record Netbox(
      URI url,
      String token,
      @DefaultValue("10s") Duration requestTimeout,
      @DefaultValue("100") int pageSize) {

    @Override
    public String toString() {
      return "Netbox[url=" + url + ", token=" + (token == null ? "<unset>" : "<redacted>")
          + ", requestTimeout=" + requestTimeout + ", pageSize=" + pageSize + "]";
    }
  }

  /** Periodic resync from NetBox's REST API. */
  public record Resync(
      @DefaultValue("false") boolean scheduled,
      @DefaultValue("15m") Duration interval,
      @DefaultValue({"hosts", "swarms", "secrets", "secret-mounts", "containers", "networks"}) List<String> endpoints) {
  }

  @Override
  public String toString() {
    return "IngestProperties[webhook=" + webhook + ", publish=" + publish + ", sealing=" + sealing + ", netbox="
        + netbox + ", resync=" + resync + ", adminToken="
        + (adminToken == null || adminToken.isBlank() ? "<unset>" : "<redacted>") + "]";
  }
}
