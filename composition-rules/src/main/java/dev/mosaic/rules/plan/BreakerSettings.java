package dev.mosaic.rules.plan;

import java.time.Duration;

/**
 * When a service's circuit breaker opens and how it recovers. Within a rolling {@code window}, once
 * at least {@code minCalls} calls ended, it opens when {@code failures} of them failed or when the
 * failed share reached {@code failureRate}; it then fails calls fast for {@code openFor}, lets
 * {@code probes} calls through, and closes when all of them succeed (one failure reopens it).
 *
 * @param failureRate a share in (0, 1], or 0 when only the count matters
 * @param failures a count, or 0 when only the rate matters
 */
public record BreakerSettings(
    double failureRate, int failures, int minCalls, Duration window, Duration openFor, int probes) {

  public static final double DEFAULT_FAILURE_RATE = 0.5;
  public static final int DEFAULT_MIN_CALLS = 10;
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
  public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(5);
  public static final int DEFAULT_PROBES = 3;
}
