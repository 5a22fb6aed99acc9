package io.netboxswarm.orchestrator.netbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.netbox.NetboxApi;
import io.netboxswarm.netbox.NetboxToken;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every write-back the orchestrator makes is one the shared NetBox client sends (a plain {@code /api/...} path, PATCH
 * or POST), under NetBox's URL with or without a path; the client's refusals are tested in netbox-client.
 */
@Tag("fast")
class WriteBackPathsTest {

  @Test
  void everyWriteBackGoesToTheConfiguredNetbox() {
    Instant at = Instant.EPOCH;
    for (String url : List.of("https://netbox.example.com:8443/", "http://netbox.example.com/netbox")) {
      NetboxApi netbox = new NetboxApi(URI.create(url), new NetboxToken("t0ken"), Duration.ofSeconds(1));
      for (var write : List.of(WriteBacks.swarmFormed(5, "c", null, "e", at), WriteBacks.swarmDissolved(5, "e", at),
          WriteBacks.tokensRotated(5, "c", null, "e", at), WriteBacks.hostMembership(3, 5L, "n", "MANAGER", "e", at),
          WriteBacks.secretCreated(2, 5, "d", "e", at), WriteBacks.networkCreated(2, 5, "d", "e", at),
          WriteBacks.serviceCreated(2, 5, "s", "e", at), WriteBacks.journal("swarm", 5, "danger", "x", 5L, "e", at))) {
        assertThat(netbox.writeTarget(write.getMethod(), write.getPath()).toString())
            .isEqualTo(url.replaceAll("/$", "") + write.getPath());
      }
    }
  }
}
