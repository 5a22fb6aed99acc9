package io.netboxswarm.orchestrator.netbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * Which write-back paths are sent to NetBox: the plugin's and the journal's plain {@code /api/...} paths, under the
 * configured URL; anything that could carry the write token to another host, or out of the API, is refused before a
 * connection is made.
 */
@Tag("fast")
class NetboxClientPathTest {

  private final NetboxClient netbox = new NetboxClient(URI.create("https://netbox.example.com:8443/"), "t0ken",
      Duration.ofSeconds(1));
  private final NetboxClient underPrefix = new NetboxClient(URI.create("http://10.0.0.5/netbox"), "t0ken",
      Duration.ofSeconds(1));

  @Test
  void theWriteBacksPathsGoToTheConfiguredNetbox() {
    assertThat(netbox.target("PATCH", "/api/plugins/docker/swarms/5/"))
        .isEqualTo(URI.create("https://netbox.example.com:8443/api/plugins/docker/swarms/5/"));
    assertThat(netbox.target("POST", WriteBacks.JOURNAL))
        .isEqualTo(URI.create("https://netbox.example.com:8443/api/extras/journal-entries/"));
    assertThat(underPrefix.target("PATCH", "/api/plugins/docker/hosts/12/"))
        .isEqualTo(URI.create("http://10.0.0.5/netbox/api/plugins/docker/hosts/12/"));
  }

  @Test
  void everyPathWriteBacksMakesIsAccepted() {
    var at = java.time.Instant.EPOCH;
    for (var write : java.util.List.of(WriteBacks.swarmFormed(5, "c", null, "e", at),
        WriteBacks.swarmDissolved(5, "e", at), WriteBacks.tokensRotated(5, "c", null, "e", at),
        WriteBacks.hostMembership(3, 5L, "n", "MANAGER", "e", at), WriteBacks.secretCreated(2, 5, "d", "e", at),
        WriteBacks.networkCreated(2, 5, "d", "e", at), WriteBacks.serviceCreated(2, 5, "s", "e", at),
        WriteBacks.journal("swarm", 5, "danger", "x", 5L, "e", at))) {
      assertThat(netbox.target(write.getMethod(), write.getPath()).getHost()).isEqualTo("netbox.example.com");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "api/plugins/docker/swarms/5/",                       // not absolute
      "@evil.example/api/plugins/docker/swarms/5/",         // base + path = https://netbox...:8443@evil.example/...
      "@evil.example:8443/api/plugins/docker/swarms/5/",
      "/api/@evil.example/",
      "//evil.example/api/plugins/docker/swarms/5/",         // scheme-relative
      "/api//evil.example/",                                // empty segment
      "https://evil.example/api/plugins/docker/swarms/5/",  // absolute URL
      "http:/api/plugins/docker/swarms/5/",
      ".evil.example/api/plugins/docker/swarms/5/",         // base without port: netbox.example.com.evil.example
      ":1/api/plugins/docker/swarms/5/",                    // another port
      "/api/../admin/",                                     // out of the API
      "/api/plugins/../../x",
      "/api/./plugins/docker/swarms/5/",
      "/api/plugins/docker/swarms/5/..",
      "/api/%2e%2e/admin/",                                 // encoded dot-dot
      "/api/%40evil.example/",
      "/api\\..\\admin/",                                   // backslash
      "\\\\evil.example\\api\\",
      "/api/plugins/docker/swarms/5/\r\nHost: evil.example",  // header injection
      "/api/plugins/docker/swarms/5/\u0000",
      "/api/plugins/docker/swarms/5/\t",
      "/api/plugins/docker/swarms/5/ x",
      "/api/plugins/docker/swarms/5/?next=https://evil.example",  // query
      "/api/plugins/docker/swarms/5/#frag",
      "/api/plugins/docker/swarms/5/;jsessionid=1",
      "/api/plugins/docker/swarms/5\uff0f",                 // fullwidth solidus
      "/api/plugins/docker/swarms/\u0665/",                 // a non-ASCII digit
      "/API/plugins/docker/swarms/5/",
      "/apix/plugins/",
      "/api"})
  void aHostilePathIsRefused(String path) {
    assertThatThrownBy(() -> netbox.target("PATCH", path)).isInstanceOf(NetboxClient.Refused.class)
        .hasMessageNotContaining("t0ken");
    assertThatThrownBy(() -> underPrefix.target("PATCH", path)).isInstanceOf(NetboxClient.Refused.class);
  }

  @Test
  void aNullPathIsRefused() {
    assertThatThrownBy(() -> netbox.target("PATCH", null)).isInstanceOf(NetboxClient.Refused.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "DELETE", "PUT", "patch", "PATCH ", "CONNECT", "PATCH\r\nX: y"})
  void aMethodOtherThanPatchOrPostIsRefused(String method) {
    assertThatThrownBy(() -> netbox.target(method, "/api/plugins/docker/swarms/5/"))
        .isInstanceOf(NetboxClient.Refused.class);
  }

  @Test
  void sendRefusesBeforeConnecting() {
    // Port 9 (discard) on a host that does not exist: a connection attempt would be an IOException, not a refusal.
    NetboxClient client = new NetboxClient(URI.create("http://netbox.invalid:9"), "t0ken", Duration.ofSeconds(1));
    assertThatThrownBy(() -> client.send("PATCH", "@127.0.0.1:1/api/plugins/docker/swarms/5/", "{}"))
        .isInstanceOf(NetboxClient.Refused.class);
  }

  @Test
  void theRefusalQuotesThePathEscaped() {
    assertThatThrownBy(() -> netbox.target("PATCH", "/api/x\r\nforged log line"))
        .hasMessageContaining("\\u000d\\u000a").hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://netbox.example.com", "netbox.example.com", "https://user:pw@netbox.example.com",
      "https://netbox.example.com/?x=1"})
  void aNetboxUrlThatIsNotPlainHttpIsRefusedAtStart(String url) {
    assertThatThrownBy(() -> new NetboxClient(URI.create(url), "t0ken", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("pw");
  }
}
