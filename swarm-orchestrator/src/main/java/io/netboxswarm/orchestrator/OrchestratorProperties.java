package io.netboxswarm.orchestrator;

import io.netboxswarm.contracts.admission.AdmissionPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The orchestrator's settings ({@code netbox-swarm.orchestrator.*}, environment {@code NETBOX_SWARM_ORCHESTRATOR_*});
 * its brokers and Kafka client settings are Spring Boot's {@code spring.kafka.*}. The README's configuration table
 * lists each with its environment variable.
 */
@ConfigurationProperties("netbox-swarm.orchestrator")
public record OrchestratorProperties(
    @DefaultValue("http://127.0.0.1:8085/apis/registry/v3") String registryUrl,
    @DefaultValue("swarm-orchestrator") String applicationId,
    @DefaultValue("data/orchestrator") Path stateDir,
    Path keysetFile,
    /** The orchestrator's private signing keyset; default: the {@code .signing.} file beside {@code keysetFile}. */
    Path signingKeysetFile,
    Path hostKeysetsDir,
    @DefaultValue Commands commands,
    @DefaultValue Netbox netbox,
    @DefaultValue Admission admission,
    String adminToken) {

  public OrchestratorProperties {
    io.netboxswarm.http.admin.AdminTokenFilter.requireStrong(adminToken,
        "netbox-swarm.orchestrator.admin-token");
  }

  @Override
  public String toString() {
    return "OrchestratorProperties[" + registryUrl + ", " + applicationId + ", "
        + stateDir + ", keysetFile=" + keysetFile + ", signingKeysetFile=" + signingKeysetFile + ", hostKeysetsDir="
        + hostKeysetsDir + ", " + commands + ", " + netbox + ", " + admission + ", adminToken "
        + (adminToken == null || adminToken.isBlank() ? "unset" : "redacted") + "]";
  }

  /**
   * What a NetBox Container may make a host run ({@code AdmissionPolicy}): binds only under {@code bindPrefixes}
   * ({@code rw:/path} for read-write; none by default), images only from {@code allowedImages} when it is set.
   */
  public record Admission(@DefaultValue List<String> bindPrefixes, @DefaultValue List<String> allowedImages) {

    /** @throws IllegalArgumentException naming the setting when an entry is refused (e.g. a prefix of {@code /}) */
    public AdmissionPolicy policy() {
      try {
        return AdmissionPolicy.of(bindPrefixes, allowedImages);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(AdmissionPolicy.BINDS_SETTING + " / " + AdmissionPolicy.IMAGES_SETTING
            + ": " + e.getMessage(), e);
      }
    }
  }

  /** How commands are sent and retried. */
  public record Commands(@DefaultValue("2m") Duration deadline, @DefaultValue("30s") Duration resultGrace,
      @DefaultValue("5") int maxAttempts, @DefaultValue("2s") Duration retryBackoff) {
  }

  /**
   * Write-back to NetBox; off while {@code url} is unset. With {@code writeJoinTokens} the worker token is written,
   * the manager token only with {@code writeManagerToken} as well.
   */
  public record Netbox(URI url, String token, @DefaultValue("true") boolean writeJoinTokens,
      @DefaultValue("false") boolean writeManagerToken, @DefaultValue("10s") Duration timeout) {

    @Override
    public String toString() {
      return "Netbox[" + url + ", token " + (token == null || token.isBlank() ? "unset" : "redacted")
          + ", writeJoinTokens=" + writeJoinTokens + ", writeManagerToken=" + writeManagerToken + "]";
    }
  }
}
