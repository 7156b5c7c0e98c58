package dev.mosaic.gateway.execution;

/**
 * How one call of an endpoint ended. Partial results are normal: a failure is a value, not a throw.
 */
public sealed interface CallOutcome permits CallOutcome.Ok, CallOutcome.Failed {

  /**
   * The parsed JSON of the answer (a list for forEach and batch calls).
   *
   * @param cache where the answer came from when the call is cached (the least fresh of its
   *     requests), else null
   * @param failedItems the items of a partial call that took the item fallback, by index; empty
   *     when every item answered
   */
  record Ok(
      int status,
      Object value,
      dev.mosaic.gateway.http.CacheUse cache,
      java.util.List<ItemFailure> failedItems)
      implements CallOutcome {

    public Ok {
      failedItems = java.util.List.copyOf(failedItems);
    }

    public Ok(int status, Object value) {
      this(status, value, null);
    }

    public Ok(int status, Object value, dev.mosaic.gateway.http.CacheUse cache) {
      this(status, value, cache, java.util.List.of());
    }

    /** Some items took the item fallback: degraded. */
    public boolean partial() {
      return !failedItems.isEmpty();
    }

    /** Served from the cache in place of a failed call (stale-if-error): degraded. */
    public boolean staleOnError() {
      return cache != null
          && cache.state() == dev.mosaic.gateway.http.CacheUse.State.STALE_IF_ERROR;
    }
  }

  /**
   * @param status the service's status when it answered one, else 0
   * @param detail for logs and problem details; never the service's body
   * @param retryAfterMillis for a call turned away (breaker open, bulkhead full): when trying again
   *     makes sense, else 0
   */
  record Failed(Reason reason, int status, String detail, long retryAfterMillis)
      implements CallOutcome {

    public Failed(Reason reason, int status, String detail) {
      this(reason, status, detail, 0);
    }
  }
}
