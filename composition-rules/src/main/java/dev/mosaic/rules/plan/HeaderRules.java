package dev.mosaic.rules.plan;

import java.util.Locale;
import java.util.Set;

/**
 * Headers a config may not set on calls: the framing and hop-by-hop headers belong to the
 * connection and are the gateway's to write (RFC 9110 §7.6.1), Host must name the service, and the
 * trace context is the gateway's to continue: a client's traceparent is checked, never copied.
 */
final class HeaderRules {

  private static final Set<String> GATEWAY_OWNED =
      Set.of(
          "host",
          "content-length",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "te",
          "trailer",
          "upgrade",
          "proxy-connection",
          "proxy-authorization",
          "traceparent",
          "tracestate");

  /** Written by the gateway on every answer it gives. */
  private static final Set<String> ANSWER_OWNED =
      Set.of(
          "content-length",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "te",
          "trailer",
          "upgrade",
          "proxy-connection",
          "proxy-authenticate",
          "x-request-id",
          "server-timing");

  private HeaderRules() {}

  /**
   * Why a client's request header may not be read by an endpoint's templates, or null if it may:
   * hop-by-hop headers describe the client's connection, {@code Mosaic-*} names are the gateway's
   * own, and a client's {@code X-Forwarded-For} is believed only from a trusted proxy, which the
   * gateway itself decides when it sends the header on.
   */
  static String refusedFromClient(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (GATEWAY_OWNED.contains(lower)) {
      return "header "
          + name
          + " belongs to the client's connection or the gateway and cannot be read";
    }
    if (lower.startsWith("mosaic-")) {
      return "Mosaic-* headers are the gateway's own: a client's are dropped";
    }
    if (lower.equals("x-forwarded-for")) {
      return "X-Forwarded-For is written by the gateway (the client's own is believed only from"
          + " server.trustedProxies) and cannot be read";
    }
    return null;
  }

  /** Why a service's response header may not be passed to the client, or null if it may. */
  static String refusedToClient(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (ANSWER_OWNED.contains(lower) || lower.startsWith("mosaic-")) {
      return "header "
          + name
          + " is written by the gateway on its own answers and cannot be passed through";
    }
    return null;
  }

  static boolean reservedForTheGateway(String name) {
    return GATEWAY_OWNED.contains(name.toLowerCase(Locale.ROOT));
  }

  static String reservedMessage(String name) {
    return "header " + name + " is set by the gateway and cannot be configured";
  }
}
