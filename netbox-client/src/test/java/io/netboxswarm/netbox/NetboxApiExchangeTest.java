package io.netboxswarm.netbox;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.netboxswarm.netbox.NetboxApiException.Failure;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The requests as NetBox receives them (an HTTP double on 127.0.0.1) and its answers as the callers see them: the
 * token's header, JSON both ways, pages, and each failure with whether it may pass.
 */
@Tag("fast")
class NetboxApiExchangeTest {

  @RegisterExtension
  static final WireMockExtension NETBOX = WireMockExtension.newInstance()
      .options(options().dynamicPort().bindAddress("127.0.0.1")).build();
  static final String SECRET = "q9XvL2mN7rT4wY8zB1cD5fG3hJ6kP0sU2aE4iO7u";
  static final NetboxToken V2 = new NetboxToken("nbt_Ab3dEf6hIj9k." + SECRET);

  private static NetboxApi api(String path) {
    return new NetboxApi(URI.create(NETBOX.baseUrl() + path), V2, Duration.ofSeconds(5));
  }

  @Test
  void aWriteGoesWithTheTokenAndJsonAndItsAnswerIsRead() {
    NETBOX.stubFor(patch("/api/plugins/docker/swarms/5/").willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"id\": 5}")));

    JsonNode answer = api("").patch("/api/plugins/docker/swarms/5/",
        NetboxApi.json().createObjectNode().put("state", "created"));

    assertThat(answer.path("id").intValue()).isEqualTo(5);
    NETBOX.verify(1, patchRequestedFor(urlEqualTo("/api/plugins/docker/swarms/5/"))
        .withHeader("Authorization", equalTo("Bearer nbt_Ab3dEf6hIj9k." + SECRET))
        .withHeader("Content-Type", equalTo("application/json")).withHeader("Accept", equalTo("application/json"))
        .withRequestBody(equalToJson("{\"state\": \"created\"}")));
  }

  @Test
  void aReadCarriesNoBodyNorContentType() {
    NETBOX.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("")));

    assertThat(api("").get("/api/extras/webhooks/?name=x").isEmpty()).isTrue();
    NETBOX.verify(1, getRequestedFor(urlEqualTo("/api/extras/webhooks/?name=x"))
        .withHeader("Content-Type", absent()).withHeader("Accept", equalTo("application/json")));
  }

  @Test
  void pagesAreFollowedThroughNextLinksThatNameAnotherHostAndNetboxsOwnPath() {
    // NetBox under /netbox renders its links with the host it believes it has.
    NETBOX.stubFor(get("/netbox/api/plugins/docker/hosts/?limit=2").willReturn(json(200,
        "{\"count\": 3, \"next\": \"https://netbox.example.com/netbox/api/plugins/docker/hosts/?limit=2&offset=2\","
            + " \"results\": [{\"id\": 1}, {\"id\": 2}]}")));
    NETBOX.stubFor(get("/netbox/api/plugins/docker/hosts/?limit=2&offset=2").willReturn(json(200,
        "{\"count\": 3, \"next\": null, \"results\": [{\"id\": 3}]}")));
    List<Integer> ids = new ArrayList<>();

    int count = api("/netbox/").forEachObject("/api/plugins/docker/hosts/?limit=2",
        o -> ids.add(o.get("id").intValue()));

    assertThat(count).isEqualTo(3);
    assertThat(ids).containsExactly(1, 2, 3);
    assertThat(NETBOX.findAllUnmatchedRequests()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"500, UNAVAILABLE, true", "502, UNAVAILABLE, true", "503, UNAVAILABLE, true",
      "408, UNAVAILABLE, true", "429, UNAVAILABLE, true", "401, TOKEN_REFUSED, true", "403, TOKEN_REFUSED, true",
      "400, REJECTED, false", "404, REJECTED, false", "409, REJECTED, false", "302, REJECTED, false"})
  void eachAnswerButTwoHundredIsAFailureThatSaysWhetherItMayPass(int status, Failure failure, boolean passes) {
    // NetBox's error echoes what it was sent; a redirect is not followed.
    NETBOX.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(status)
        .withHeader("Location", "http://127.0.0.1:1/elsewhere").withBody("{\"detail\": \"echo " + SECRET + "\"}")));

    NetboxApiException e = catchThrowableOfType(NetboxApiException.class,
        () -> api("").write("PATCH", "/api/plugins/docker/hosts/3/", "{\"comments\": \"" + SECRET + "\"}"));

    assertThat(e.failure()).isEqualTo(failure);
    assertThat(e.failure().isTransient()).isEqualTo(passes);
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.getMessage()).isEqualTo("PATCH /api/plugins/docker/hosts/3/: NetBox answered " + status)
        .doesNotContain(SECRET);
    assertThat(e.responseBody()).contains("echo"); // for the caller to log when it sent no secret
    NETBOX.verify(1, patchRequestedFor(anyUrl()));
  }

  @Test
  void aNetboxNotListeningIsUnreachableAndMayPass() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    NetboxApi api = new NetboxApi(URI.create("http://127.0.0.1:" + port), V2, Duration.ofSeconds(2));

    NetboxApiException e = catchThrowableOfType(NetboxApiException.class,
        () -> api.get("/api/plugins/docker/swarms/?limit=1"));

    assertThat(e.failure()).isEqualTo(Failure.UNREACHABLE);
    assertThat(e.failure().isTransient()).isTrue();
    assertThat(e.status()).isZero();
    assertThat(e.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void anAnswerThatIsNotJsonOrNotAPageIsUnexpected() {
    NETBOX.stubFor(get("/api/plugins/docker/hosts/?limit=2").willReturn(json(200, "<html>login</html>")));
    NETBOX.stubFor(get("/api/plugins/docker/swarms/?limit=2").willReturn(json(200, "{\"count\": 1}")));

    assertThat(catchThrowableOfType(NetboxApiException.class,
        () -> api("").get("/api/plugins/docker/hosts/?limit=2")).failure()).isEqualTo(Failure.UNEXPECTED_ANSWER);
    assertThat(catchThrowableOfType(NetboxApiException.class,
        () -> api("").forEachObject("/api/plugins/docker/swarms/?limit=2", o -> { })).failure())
        .isEqualTo(Failure.UNEXPECTED_ANSWER);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }
}
