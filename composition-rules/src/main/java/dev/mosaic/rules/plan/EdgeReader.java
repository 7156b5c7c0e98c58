package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code server.limits}, {@code server.http2} and {@code server.trustedProxies}. */
final class EdgeReader {

  private EdgeReader() {}

  static EdgeSettings read(Fields server, Problems problems) {
    EdgeSettings d = EdgeSettings.DEFAULTS;
    List<AddressBlock> proxies = trustedProxies(server, problems);
    boolean http2 = server.bool("http2", d.http2());
    ConfigNode.MapNode node = server.map("limits");
    if (node == null) {
      return new EdgeSettings(
          d.maxHeaderSize(),
          d.maxUrlLength(),
          d.maxConnections(),
          d.headerTimeout(),
          d.keepAliveTimeout(),
          d.bodyTimeout(),
          d.idleTimeout(),
          http2,
          d.maxConcurrentStreams(),
          proxies);
    }
    Fields f = new Fields(node, problems);
    long header = f.size("maxHeaderSize", d.maxHeaderSize());
    if (header < 1024 || header > 1 << 20) {
      f.problem("maxHeaderSize", "maxHeaderSize: must be between 1KB and 1MB");
      header = d.maxHeaderSize();
    }
    return new EdgeSettings(
        (int) header,
        f.between("maxUrlLength", 256, 1 << 16, d.maxUrlLength()),
        f.atLeast("maxConnections", 1, d.maxConnections()),
        f.duration("headerTimeout", d.headerTimeout()),
        f.duration("keepAliveTimeout", d.keepAliveTimeout()),
        f.duration("bodyTimeout", d.bodyTimeout()),
        wholeSeconds(f, "idleTimeout", d.idleTimeout()),
        http2,
        f.between("maxConcurrentStreams", 1, 10_000, d.maxConcurrentStreams()),
        proxies);
  }

  /** The socket's idle limit counts whole seconds. */
  private static Duration wholeSeconds(Fields f, String key, Duration orElse) {
    Duration d = f.duration(key, orElse);
    if (d.toMillis() % 1000 != 0) {
      f.problem(key, key + ": must be whole seconds, not " + d.toMillis() + "ms");
      return orElse;
    }
    return d;
  }

  private static List<AddressBlock> trustedProxies(Fields server, Problems problems) {
    List<AddressBlock> blocks = new ArrayList<>();
    if (server.node("trustedProxies") instanceof ConfigNode.ListNode list) {
      for (ConfigNode item : list.items()) {
        if (item instanceof ConfigNode.ScalarNode s && s.value() instanceof String text) {
          AddressBlock block = AddressBlock.parse(text);
          if (block == null) {
            problems.add(
                item.position(),
                "trustedProxies: '"
                    + text
                    + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8, ::1/128); names are not resolved");
          } else {
            blocks.add(block);
          }
        }
      }
    }
    return blocks;
  }
}
