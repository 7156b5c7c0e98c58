package dev.mosaic.gateway.metrics;

import java.time.Duration;

/**
 * Histogram buckets for gateway latencies: a cached answer takes a fraction of a millisecond, a
 * composed one a few, a degraded one up to its timeout, so the buckets run from 250 µs to 10 s,
 * about three per decade (Prometheus' histogram_quantile interpolates within them).
 */
final class Latency {

  static final Duration[] BUCKETS = {
    Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
        Duration.ofNanos(2_500_000),
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
  };

  private Latency() {}
}
