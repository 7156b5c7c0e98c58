package dev.mosaic.rules.plan;

import java.util.Locale;
import java.util.Set;

/**
 * Headers a config may not set on calls: the framing and hop-by-hop headers belong to the
 * connection and are the gateway's to write (RFC 9110 §7.6.1), Host must name the service, and the
 * trace context is the gateway's to continue: a client's traceparent is checked, never copied.
 */
final class HeaderRules {

  private static final Set<String> GATEWAY_OWNED = Set.of(
      "host", "content-length", "transfer-encoding", "connection", "keep-alive", "te", "trailer", "upgrade",
      "proxy-connection", "proxy-authorization", "traceparent", "tracestate");

  private HeaderRules() {}

  static boolean reservedForTheGateway(String name) {
    return GATEWAY_OWNED.contains(name.toLowerCase(Locale.ROOT));
  }

  static String reservedMessage(String name) {
    return "header " + name + " is set by the gateway and cannot be configured";
  }
}
