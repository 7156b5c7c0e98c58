package dev.mosaic.gateway.cli;

import dev.mosaic.gateway.server.Gateway;
import dev.mosaic.rules.plan.GatewayPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines {@code run} and {@code demo} print once listening: the URLs actually bound, so a port
 * of 0 (a free one) is something a script or a person can use.
 */
final class BoundUrls {

  private BoundUrls() {}

  static List<String> of(GatewayPlan plan, Gateway gateway) {
    List<String> lines = new ArrayList<>();
    String scheme = plan.server().secretsAndTls().tls() == null ? "http" : "https";
    lines.add("public  " + url(scheme, plan.server().host(), gateway.port()));
    if (gateway.adminPort() >= 0) {
      lines.add("admin   " + url("http", plan.server().adminHost(), gateway.adminPort()));
    }
    if (gateway.healthPort() >= 0) {
      lines.add(
          "health  " + url("http", plan.server().host(), gateway.healthPort()) + "/health/ready");
    }
    return lines;
  }

  /** A wildcard address is reachable on loopback, which is what a URL to click or curl needs. */
  private static String url(String scheme, String host, int port) {
    String reachable =
        switch (host) {
          case "0.0.0.0" -> "127.0.0.1";
          case "::", "[::]" -> "[::1]";
          default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
    return scheme + "://" + reachable + ":" + port;
  }
}
