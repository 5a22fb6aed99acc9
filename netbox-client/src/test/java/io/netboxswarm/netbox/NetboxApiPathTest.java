package io.netboxswarm.netbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netboxswarm.netbox.NetboxApi.Method;
import io.netboxswarm.netbox.NetboxApiException.Failure;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which requests go to NetBox: plain {@code /api/...} paths under the configured URL, a plain query on a read;
 * anything that could carry the token to another host, or out of the API, is refused before a connection is made.
 */
@Tag("fast")
class NetboxApiPathTest {

  private static final NetboxToken TOKEN = new NetboxToken("t0ken");
  private final NetboxApi netbox = new NetboxApi(URI.create("https://netbox.example.com:8443/"), TOKEN,
      Duration.ofSeconds(1));
  private final NetboxApi underPrefix = new NetboxApi(URI.create("http://10.0.0.5/netbox"), TOKEN,
      Duration.ofSeconds(1));

  @Test
  void pathsGoToTheConfiguredNetboxUnderItsPath() {
    assertThat(netbox.writeTarget("PATCH", "/api/plugins/docker/swarms/5/"))
        .isEqualTo(URI.create("https://netbox.example.com:8443/api/plugins/docker/swarms/5/"));
    assertThat(netbox.writeTarget("POST", "/api/extras/journal-entries/"))
        .isEqualTo(URI.create("https://netbox.example.com:8443/api/extras/journal-entries/"));
    assertThat(underPrefix.writeTarget("PATCH", "/api/plugins/docker/hosts/12/"))
        .isEqualTo(URI.create("http://10.0.0.5/netbox/api/plugins/docker/hosts/12/"));
  }

  @Test
  void aReadTakesThePlainQueriesResyncAndWiringMake() {
    assertThat(netbox.target(Method.GET, "/api/plugins/docker/secret-mounts/?limit=100&offset=200"))
        .hasToString("https://netbox.example.com:8443/api/plugins/docker/secret-mounts/?limit=100&offset=200");
    assertThat(underPrefix.target(Method.GET, "/api/extras/event-rules/?name=netbox-swarm%3A+host"))
        .isEqualTo(URI.create("http://10.0.0.5/netbox/api/extras/event-rules/?name=netbox-swarm%3A+host"));
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
      "/api/plugins/docker/swarms/5/?limit=1",
      "/api/plugins/docker/swarms/5/#frag",
      "/api/plugins/docker/swarms/5/;jsessionid=1",
      "/api/plugins/docker/swarms/5\uff0f",                 // fullwidth solidus
      "/api/plugins/docker/swarms/\u0665/",                 // a non-ASCII digit
      "/API/plugins/docker/swarms/5/",
      "/apix/plugins/",
      "/api"})
  void aHostileWritePathIsRefused(String path) {
    for (NetboxApi api : new NetboxApi[] {netbox, underPrefix}) {
      assertThatThrownBy(() -> api.writeTarget("PATCH", path)).isInstanceOf(NetboxApiException.class)
          .hasMessageNotContaining("t0ken")
          .satisfies(e -> assertThat(((NetboxApiException) e).failure()).isEqualTo(Failure.NOT_SENT));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/api/plugins/docker/hosts/?next=https://evil.example",
      "/api/plugins/docker/hosts/?limit=2#frag",
      "/api/plugins/docker/hosts/?limit=2\r\nHost: evil.example",
      "/api/plugins/docker/hosts/?limit=%zz",
      "/api/plugins/docker/hosts/?a=@evil.example",
      "/api/plugins/../hosts/?limit=2",
      "@evil.example/api/?limit=2"})
  void aHostileReadIsRefused(String pathAndQuery) {
    assertThatThrownBy(() -> netbox.target(Method.GET, pathAndQuery)).isInstanceOf(NetboxApiException.class)
        .satisfies(e -> assertThat(((NetboxApiException) e).failure()).isEqualTo(Failure.NOT_SENT));
  }

  @Test
  void aNullPathIsRefused() {
    assertThatThrownBy(() -> netbox.writeTarget("PATCH", null)).isInstanceOf(NetboxApiException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "DELETE", "PUT", "patch", "PATCH ", "CONNECT", "PATCH\r\nX: y"})
  void aWriteOtherThanPatchOrPostIsRefused(String method) {
    assertThatThrownBy(() -> netbox.writeTarget(method, "/api/plugins/docker/swarms/5/"))
        .isInstanceOf(NetboxApiException.class).hasMessageNotContaining("\n");
  }

  @Test
  void aWriteIsRefusedBeforeConnecting() {
    // Port 9 (discard) on a host that does not exist: a connection attempt would be UNREACHABLE, not NOT_SENT.
    NetboxApi api = new NetboxApi(URI.create("http://netbox.invalid:9"), TOKEN, Duration.ofSeconds(1));
    assertThatThrownBy(() -> api.write("PATCH", "@127.0.0.1:1/api/plugins/docker/swarms/5/", "{}"))
        .isInstanceOf(NetboxApiException.class)
        .satisfies(e -> assertThat(((NetboxApiException) e).failure()).isEqualTo(Failure.NOT_SENT));
  }

  @Test
  void theRefusalQuotesThePathEscaped() {
    assertThatThrownBy(() -> netbox.writeTarget("PATCH", "/api/x\r\nforged log line"))
        .hasMessageContaining("\\u000d\\u000a").hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://netbox.example.com", "netbox.example.com", "https://user:pw@netbox.example.com",
      "https://netbox.example.com/?x=1"})
  void aNetboxUrlThatIsNotPlainHttpIsRefusedAtStart(String url) {
    assertThatThrownBy(() -> new NetboxApi(URI.create(url), TOKEN, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("pw");
  }

  @Test
  void itNeverShowsItsToken() {
    assertThat(netbox.toString()).doesNotContain("t0ken").contains("netbox.example.com");
  }
}
