package dev.mosaic.gateway.execution;

import dev.mosaic.rules.plan.CallPlan;

/**
 * A call as it happened, for Server-Timing and problem details.
 *
 * @param outcome null when the call never started (the answer was decided before it could)
 * @param usedFallback an optional call failed and its fallback stood in
 * @param skipped its {@code when} was false: nothing was sent and its fallback stands in, as the
 *     rules asked (not a degradation)
 */
public record CallRecord(
    CallPlan call,
    CallOutcome outcome,
    long startNanos,
    long endNanos,
    boolean usedFallback,
    boolean skipped) {

  public CallRecord(
      CallPlan call, CallOutcome outcome, long startNanos, long endNanos, boolean usedFallback) {
    this(call, outcome, startNanos, endNanos, usedFallback, false);
  }

  public double millis() {
    return outcome == null ? 0 : (endNanos - startNanos) / 1_000_000.0;
  }

  /** Where the call's answer came from when it is cached (for Server-Timing), else null. */
  public dev.mosaic.gateway.http.CacheUse cache() {
    return outcome instanceof CallOutcome.Ok ok ? ok.cache() : null;
  }

  /** ok, skipped, partial, fallback, not-started, or the failure's label. */
  public String label() {
    if (outcome == null) {
      return "not-started";
    }
    if (skipped) {
      return "skipped";
    }
    if (usedFallback) {
      return "fallback";
    }
    if (outcome instanceof CallOutcome.Failed failed) {
      return failed.reason().label();
    }
    return ((CallOutcome.Ok) outcome).partial() ? "partial" : "ok";
  }
}
