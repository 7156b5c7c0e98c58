package dev.mosaic.rules.plan;

import java.time.Duration;

/**
 * When an idempotent call that has not answered yet gets one duplicate, sent to another instance
 * when there is one: after a fixed delay, or after an observed percentile of the service's latency.
 *
 * @param after the fixed delay, or null when {@code percentile} is used
 * @param percentile e.g. 95.0, or 0 when {@code after} is used
 * @param min with a percentile, the delay is never shorter than this
 */
public record HedgeSettings(Duration after, double percentile, Duration min) {

  public static final Duration DEFAULT_MIN = Duration.ofMillis(5);
}
