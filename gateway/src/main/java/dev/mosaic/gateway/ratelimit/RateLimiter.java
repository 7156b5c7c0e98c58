package dev.mosaic.gateway.ratelimit;

import dev.mosaic.gateway.logging.AbsorbedFailures;
import dev.mosaic.gateway.redis.BudgetedReply;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.RateLimit;
import dev.mosaic.rules.plan.RateLimitSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's rate-limit decisions: from the shared buckets in Redis when the config has one,
 * else, and whenever Redis is slow or down, from this process's own buckets. A limiter must not
 * become the outage: past its budget (a few milliseconds) or on any Redis error a request is
 * decided here, so a cluster without Redis limits each process to the full budget on its own.
 * Failures are counted and logged at most once per {@link AbsorbedFailures#WARN_EVERY_SECONDS}.
 */
public final class RateLimiter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  private static final String FAILURE_WARNING =
      "Redis rate limits: {} ({} request(s) in the last {}s decided by this process's own buckets)";

  private final LocalBuckets local;
  private final RedisBuckets shared;
  private final long budgetNanos;
  private final AbsorbedFailures failures;

  RateLimiter(LocalBuckets local, RedisBuckets shared, long budgetNanos, LongSupplier clock) {
    this.local = local;
    this.shared = shared;
    this.budgetNanos = budgetNanos;
    this.failures = new AbsorbedFailures(LOG, FAILURE_WARNING, clock);
  }

  public static RateLimiter create(Vertx vertx, RateLimitSettings settings) {
    LocalBuckets local = new LocalBuckets(settings.maxClients(), System::nanoTime);
    RedisBuckets shared =
        settings.redisUrl() == null ? null : RedisBuckets.connect(vertx, settings.redisUrl());
    return new RateLimiter(local, shared, settings.redisTimeout().toNanos(), System::nanoTime);
  }

  /**
   * Takes a token for one request. Without Redis the answer is already complete; with it, it
   * completes on the caller's event loop within the budget.
   *
   * @param key the bucket, from {@link ClientKeys#bucket}
   * @param timeouts the calling loop's timer
   */
  public Future<Decision> take(String key, RateLimit limit, Timeouts timeouts) {
    if (shared == null) {
      return Future.succeededFuture(local.take(key, limit));
    }
    if (shared.resting()) {
      failures.failed("not asked: resting after failures", null);
      return Future.succeededFuture(local.take(key, limit));
    }
    // past the budget or on an error this process decides: a token is taken by one side only
    return BudgetedReply.await(
            shared.take(key, limit),
            timeouts,
            budgetNanos,
            decision -> decision,
            e -> failures.failed("failed", e),
            () -> {
              failures.failed("no answer within " + budgetNanos / 1_000_000 + "ms", null);
              shared.overBudget();
            })
        .map(decision -> decision != null ? decision : local.take(key, limit));
  }

  /** Redis takes that failed or ran out of time (and were decided in this process) since start. */
  public long sharedFailures() {
    return failures.total();
  }

  /** Buckets held in this process. */
  public long buckets() {
    return local.size();
  }

  @Override
  public void close() {
    if (shared != null) {
      shared.close();
    }
  }
}
