package dev.mosaic.rules.plan;

/**
 * Everything a service's calls are wrapped in besides the HTTP exchange itself.
 *
 * @param breaker null when the service has no circuit breaker
 * @param maxInFlight the bulkhead's size, or 0 for none
 * @param retry the service's default for its idempotent calls, or null (calls may override it)
 * @param budget shared by every retry and hedge to the service
 * @param hedge the service's default for its idempotent calls, or null (calls may override it)
 * @param warmup null when the service is not pinged
 */
public record Resilience(
    Balance balance,
    BreakerSettings breaker,
    int maxInFlight,
    RetrySettings retry,
    RetryBudget budget,
    HedgeSettings hedge,
    EjectionSettings ejection,
    WarmupSettings warmup) {

  public static final Resilience NONE =
      new Resilience(
          Balance.ROUND_ROBIN,
          null,
          0,
          null,
          RetryBudget.DEFAULT,
          null,
          EjectionSettings.DEFAULT,
          null);
}
