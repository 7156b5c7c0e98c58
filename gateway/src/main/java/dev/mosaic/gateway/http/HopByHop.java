package dev.mosaic.gateway.http;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/**
 * The headers that belong to one connection and must not cross the gateway in either direction (RFC
 * 9110 §7.6.1): the fixed hop-by-hop set, and whatever a message's {@code Connection} header names,
 * since a sender may mark any header as meant for the next hop only.
 */
public final class HopByHop {

  private static final Set<String> FIXED =
      Set.of(
          "connection",
          "keep-alive",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "proxy-connection",
          "proxy-authorization",
          "proxy-authenticate");

  private HopByHop() {}

  /**
   * Whether {@code name} (lower case) is hop-by-hop in a message with these headers. Reads the
   * {@code Connection} header only when there is one, which on most requests there is not.
   */
  public static boolean is(String name, MultiMap headers) {
    if (FIXED.contains(name)) {
      return true;
    }
    String connection = headers.get("connection");
    if (connection == null) {
      return false;
    }
    for (String value : headers.getAll("connection")) {
      for (String token : value.split(",")) {
        if (token.trim().toLowerCase(Locale.ROOT).equals(name)) {
          return true;
        }
      }
    }
    return false;
  }
}
