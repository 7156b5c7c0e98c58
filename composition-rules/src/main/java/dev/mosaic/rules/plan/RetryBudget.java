package dev.mosaic.rules.plan;

/**
 * How many retries and hedges a service may receive: at most {@code share} of its calls over the
 * last {@link #WINDOW_SECONDS} seconds, plus {@code minPerSecond} a second, so a struggling service
 * never sees a retry storm and a quiet one can still retry.
 */
public record RetryBudget(double share, double minPerSecond) {

  public static final int WINDOW_SECONDS = 10;
  public static final RetryBudget DEFAULT = new RetryBudget(0.1, 1);
}
