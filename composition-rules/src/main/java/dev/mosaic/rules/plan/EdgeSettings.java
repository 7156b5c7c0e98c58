package dev.mosaic.rules.plan;

import java.time.Duration;
import java.util.List;

/**
 * What the public listener accepts from a client before any route sees the request: the limits that
 * keep one client's bad or slow input from costing the others, and whose forwarding headers are
 * believed.
 *
 * @param maxHeaderSize the largest request head (all header lines), in bytes: 431 beyond
 * @param maxUrlLength the longest request line, in characters: 414 beyond
 * @param maxConnections open client connections across the process; the next is closed at once
 * @param headerTimeout a new connection's first request head must be complete within this
 * @param keepAliveTimeout after an answer, the next head must be complete within this, or the
 *     connection closes (an idle keep-alive connection too)
 * @param bodyTimeout a request body must be complete within this of its head: 408 and close
 * @param idleTimeout a connection with no bytes either way for this long is closed
 * @param http2 whether clients may speak HTTP/2, chosen by ALPN (so under TLS only)
 * @param maxConcurrentStreams HTTP/2 streams one connection may have open at once
 * @param trustedProxies addresses whose {@code X-Forwarded-For} is believed (CIDR blocks)
 */
public record EdgeSettings(
    int maxHeaderSize,
    int maxUrlLength,
    int maxConnections,
    Duration headerTimeout,
    Duration keepAliveTimeout,
    Duration bodyTimeout,
    Duration idleTimeout,
    boolean http2,
    int maxConcurrentStreams,
    List<AddressBlock> trustedProxies) {

  public static final EdgeSettings DEFAULTS =
      new EdgeSettings(
          8 * 1024,
          4096,
          10_000,
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60),
          false,
          100,
          List.of());

  public EdgeSettings {
    trustedProxies = List.copyOf(trustedProxies);
  }

  /** The settings fixed when the listener opens: only a restart changes them. */
  public boolean sameListener(EdgeSettings other) {
    return maxHeaderSize == other.maxHeaderSize
        && maxUrlLength == other.maxUrlLength
        && idleTimeout.equals(other.idleTimeout)
        && http2 == other.http2
        && maxConcurrentStreams == other.maxConcurrentStreams;
  }
}
