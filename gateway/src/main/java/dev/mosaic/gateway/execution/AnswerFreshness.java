package dev.mosaic.gateway.execution;

import dev.mosaic.gateway.http.CacheUse;
import dev.mosaic.rules.plan.CallCache;
import dev.mosaic.rules.plan.EndpointPlan;

/**
 * The {@code Cache-Control} of a composed answer, so a browser or CDN in front may keep it exactly
 * as long as Mosaic itself would: no longer than its least fresh part.
 *
 * <ul>
 *   <li>a response-cached endpoint: its ttl, less the stored answer's age;
 *   <li>otherwise the shortest remaining freshness of its calls' fragments; any call that was made
 *       without being kept in the cache (no {@code cache:}, or the service said {@code no-store})
 *       makes the whole answer {@code no-store}: Mosaic knows nothing of how long it holds;
 *   <li>{@code private} when any part is per identity (an endpoint with {@code auth:}, a cache key
 *       holding the caller's credentials or claims);
 *   <li>a degraded answer is {@code no-store}: a fallback or a stale value must not outlive the
 *       failure it stood in for.
 * </ul>
 *
 * Skipped calls count for nothing: their fallback follows from the request alone.
 */
public final class AnswerFreshness {

  public static final String NO_STORE = "no-store";

  private AnswerFreshness() {}

  /** For an answer composed by {@code result} (not degraded answers' problem details). */
  public static String of(EndpointPlan endpoint, ExecutionResult result) {
    if (!result.degraded().isEmpty()) {
      return NO_STORE;
    }
    if (endpoint.cache() != null) {
      return fromResponseCache(endpoint, 0);
    }
    boolean perIdentity = endpoint.auth() != null;
    long fresh = Long.MAX_VALUE;
    for (CallRecord record : result.calls()) {
      if (record.skipped()) {
        continue;
      }
      CacheUse use = record.cache();
      if (use == null || use.freshSeconds() < 0) {
        return NO_STORE;
      }
      fresh = Math.min(fresh, use.freshSeconds());
      perIdentity |= record.call().cache().variesOnIdentity();
    }
    return fresh == Long.MAX_VALUE ? NO_STORE : maxAge(perIdentity, fresh);
  }

  /** For an answer of a response-cached endpoint stored {@code ageSeconds} ago. */
  public static String fromResponseCache(EndpointPlan endpoint, long ageSeconds) {
    CallCache cache = endpoint.cache();
    boolean perIdentity =
        endpoint.auth() != null || cache.variesOnIdentity() || cache.vary().contains("auth");
    return maxAge(perIdentity, Math.max(0, cache.ttl().toSeconds() - ageSeconds));
  }

  private static String maxAge(boolean perIdentity, long seconds) {
    return (perIdentity ? "private, max-age=" : "max-age=") + seconds;
  }
}
