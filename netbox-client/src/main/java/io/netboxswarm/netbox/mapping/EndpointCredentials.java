package io.netboxswarm.netbox.mapping;

import java.util.regex.Pattern;

/**
 * Removes {@code user:password@} from URLs. NetBox hosts carry the agent's Basic credentials in their endpoint
 * URL; they must not leave the ingest.
 */
public final class EndpointCredentials {

  // scheme://userinfo@ : userinfo is everything up to the last '@' before the path, so a '@' in a password is
  // covered too.
  private static final Pattern USERINFO = Pattern.compile("(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");

  private EndpointCredentials() {
  }

  /** {@code url} without user info; null stays null. */
  public static String strip(String url) {
    return url == null ? null : USERINFO.matcher(url).replaceAll("${scheme}");
  }

  /** Whether {@code text} holds a URL with user info. */
  public static boolean hasCredentials(String text) {
    return text != null && USERINFO.matcher(text).find();
  }
}
