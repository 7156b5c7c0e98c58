package dev.mosaic.gateway.metrics;

import dev.mosaic.gateway.execution.CallOutcome;
import dev.mosaic.gateway.execution.CallRecord;
import dev.mosaic.gateway.http.CacheUse;

/** The outcome label of a call in the metrics: what the answer got from it. */
enum CallResult {
  OK,
  /** Its {@code when} was false: not made, as the rules asked. */
  SKIPPED,
  ERROR,
  TIMEOUT,
  FALLBACK,
  /** Some of its items took the item fallback; the rest answered. */
  PARTIAL,
  STALE,
  REJECTED,
  CANCELLED;

  final String label = name().toLowerCase(java.util.Locale.ROOT);

  /**
   * @return null for a call that never started
   */
  static CallResult of(CallRecord record) {
    CallOutcome outcome = record.outcome();
    if (outcome == null) {
      return null;
    }
    if (record.skipped()) {
      return SKIPPED;
    }
    if (record.usedFallback()) {
      return FALLBACK;
    }
    if (outcome instanceof CallOutcome.Ok ok) {
      if (ok.partial()) {
        return PARTIAL;
      }
      CacheUse cache = ok.cache();
      return cache != null
              && (cache.state() == CacheUse.State.STALE
                  || cache.state() == CacheUse.State.STALE_IF_ERROR)
          ? STALE
          : OK;
    }
    return switch (((CallOutcome.Failed) outcome).reason()) {
      case TIMEOUT, DEADLINE -> TIMEOUT;
      case REJECTED, BREAKER_OPEN, BULKHEAD_FULL, OVER_BUDGET -> REJECTED;
      case CANCELLED -> CANCELLED;
      default -> ERROR;
    };
  }
}
