package dev.mosaic.rules.plan;

import java.time.Duration;

/**
 * Outlier ejection for a service with several instances: {@code failures} consecutive failures take
 * an instance out of rotation for {@code ejectFor}, doubled for each ejection in a row up to {@code
 * maxEjectFor}; at most {@code maxEjected} of the instances are out at once, and never all.
 */
public record EjectionSettings(
    int failures, Duration ejectFor, Duration maxEjectFor, double maxEjected) {

  public static final EjectionSettings DEFAULT =
      new EjectionSettings(5, Duration.ofSeconds(10), Duration.ofMinutes(5), 0.5);
}
