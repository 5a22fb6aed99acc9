package io.netboxswarm.http.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The admin token's guard on its own (the resync test goes through the real application): without a configured token
 * every call is refused, whatever it carries; a short token does not start.
 */
class AdminTokenFilterTest {

  static final String TOKEN = "0123456789abcdef0123";

  @Test
  void withoutAConfiguredTokenEveryCallIsRefused() throws Exception {
    for (String configured : new String[] {null, "", "   "}) {
      AdminTokenFilter filter = new AdminTokenFilter(configured, "the-setting", "urn:x:");
      for (String header : new String[] {null, "Bearer ", "Bearer " + TOKEN, "Bearer null"}) {
        MockHttpServletResponse response = call(filter, header);
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"code\":\"ADMIN_TOKEN_UNSET\"", "the-setting");
      }
    }
  }

  @Test
  void theRightTokenPassesAnyCaseOfTheScheme() throws Exception {
    AdminTokenFilter filter = new AdminTokenFilter(TOKEN, "s", "urn:x:");
    for (String header : new String[] {"Bearer " + TOKEN, "bearer " + TOKEN, "BEARER  " + TOKEN + " "}) {
      MockFilterChain chain = new MockFilterChain();
      filter.doFilter(request(header), new MockHttpServletResponse(), chain);
      assertThat(chain.getRequest()).as(header).isNotNull();
    }
  }

  @Test
  void aMissingOrWrongTokenIs401WithABearerChallenge() throws Exception {
    AdminTokenFilter filter = new AdminTokenFilter(TOKEN, "s", "urn:x:");
    MockHttpServletResponse missing = call(filter, null);
    assertThat(missing.getStatus()).isEqualTo(401);
    assertThat(missing.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"netbox-swarm\"");
    assertThat(missing.getContentAsString()).contains("\"code\":\"MISSING_TOKEN\"", "\"type\":\"urn:x:missing-token\"");
    MockHttpServletResponse wrong = call(filter, "Bearer " + TOKEN.toUpperCase());
    assertThat(wrong.getStatus()).isEqualTo(401);
    assertThat(wrong.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(wrong.getContentAsString()).contains("\"code\":\"BAD_TOKEN\"").doesNotContain(TOKEN.toUpperCase());
  }

  @Test
  void aShortTokenIsRefusedAtStart() {
    assertThatThrownBy(() -> AdminTokenFilter.requireStrong("short", "netbox-swarm.ingest.admin-token"))
        .hasMessageContaining("at least 16").hasMessageNotContaining("short\"");
    AdminTokenFilter.requireStrong(null, "x");
    AdminTokenFilter.requireStrong("", "x");
    AdminTokenFilter.requireStrong(TOKEN, "x");
  }

  private static MockHttpServletResponse call(AdminTokenFilter filter, String authorization) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request(authorization), response, chain);
    assertThat(chain.getRequest()).as("refused: the endpoint never runs").isNull();
    return response;
  }

  private static MockHttpServletRequest request(String authorization) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/actuator/resync");
    if (authorization != null) {
      request.addHeader("Authorization", authorization);
    }
    return request;
  }
}
