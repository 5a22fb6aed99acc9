package io.netboxswarm.http.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lets a request through only with {@code Authorization: Bearer <admin token>} (compared in constant time, as
 * SHA-256 digests); else an RFC 9457 problem: 401 {@code MISSING_TOKEN} or {@code BAD_TOKEN} with
 * {@code WWW-Authenticate: Bearer}, or 403 {@code ADMIN_TOKEN_UNSET} for every request when no token is configured.
 * The token is never logged or echoed.
 */
public final class AdminTokenFilter extends OncePerRequestFilter {

  /** A configured token shorter than this is refused at start. */
  public static final int MIN_LENGTH = 16;
  private static final Logger log = LoggerFactory.getLogger(AdminTokenFilter.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CHALLENGE = "Bearer realm=\"netbox-swarm\"";

  private final byte[] expected;
  private final String setting;
  private final String problemTypePrefix;

  /**
   * @param token the admin token; null or blank closes every path this filter guards
   * @param setting how an operator sets the token, for the 403's detail
   * @param problemTypePrefix e.g. {@code urn:netbox-swarm:ingest:}
   */
  public AdminTokenFilter(String token, String setting, String problemTypePrefix) {
    this.expected = token == null || token.isBlank() ? null : sha256(token.trim());
    this.setting = setting;
    this.problemTypePrefix = problemTypePrefix;
  }

  /** @throws IllegalArgumentException when a token is set but shorter than {@link #MIN_LENGTH} */
  public static void requireStrong(String token, String setting) {
    if (token != null && !token.isBlank() && token.trim().length() < MIN_LENGTH) {
      throw new IllegalArgumentException(setting + " is too short: at least " + MIN_LENGTH
          + " characters (e.g. openssl rand -hex 32)");
    }
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (expected == null) {
      refuse(request, response, HttpStatus.FORBIDDEN, "ADMIN_TOKEN_UNSET",
          "this endpoint is closed: no admin token is configured (" + setting + ")", null);
      return;
    }
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
        : null;
    if (token == null || token.isEmpty()) {
      refuse(request, response, HttpStatus.UNAUTHORIZED, "MISSING_TOKEN",
          "this endpoint needs the header Authorization: Bearer <admin token>", CHALLENGE);
      return;
    }
    if (!MessageDigest.isEqual(expected, sha256(token))) {
      refuse(request, response, HttpStatus.UNAUTHORIZED, "BAD_TOKEN", "the bearer token is not the admin token",
          CHALLENGE + ", error=\"invalid_token\"");
      return;
    }
    chain.doFilter(request, response);
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
      String detail, String challenge) throws IOException {
    log.info("{} {} from {} refused: {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
        code);
    ObjectNode problem = JSON.createObjectNode();
    problem.put("type", problemTypePrefix + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    problem.put("title", status.getReasonPhrase());
    problem.put("status", status.value());
    problem.put("detail", detail);
    problem.put("instance", request.getRequestURI());
    problem.put("code", code);
    response.setStatus(status.value());
    if (challenge != null) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
    }
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(JSON.writeValueAsBytes(problem));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
