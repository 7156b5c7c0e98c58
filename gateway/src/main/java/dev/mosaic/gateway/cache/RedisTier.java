package dev.mosaic.gateway.cache;

import dev.mosaic.gateway.logging.AbsorbedFailures;
import dev.mosaic.gateway.redis.BudgetedReply;
import dev.mosaic.gateway.redis.PerLoopRedis;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.CacheSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared tier (L2) of the fragment cache: one Redis every gateway process reads and writes. It
 * may only ever make the gateway more available: a read has a budget of a few milliseconds and past
 * it, or on any error, is a miss; a write is fire-and-forget; failures are counted and logged at
 * most once per {@link AbsorbedFailures#WARN_EVERY_SECONDS} with how many there were. A broken
 * connection is opened again, so a Redis that comes back is used again without a restart.
 */
public final class RedisTier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisTier.class);
  private static final String PREFIX = "mosaic:fragment:";
  private static final String TAG_PREFIX = "mosaic:tag:";

  /**
   * Where invalidations are published: {@code {"tags":["product:42"]}}. Services publish here too.
   */
  public static final String CHANNEL = "mosaic:invalidate";

  private static final String FAILURE_WARNING =
      "Redis cache tier: {} ({} failure(s) in the last {}s); serving from this process and the services";

  private final PerLoopRedis redis;
  private final long budgetNanos;
  private final LongSupplier nanoClock;
  private final AbsorbedFailures failures;

  private RedisTier(PerLoopRedis redis, long budgetNanos, LongSupplier nanoClock) {
    this.redis = redis;
    this.budgetNanos = budgetNanos;
    this.nanoClock = nanoClock;
    this.failures = new AbsorbedFailures(LOG, FAILURE_WARNING, nanoClock);
  }

  public static RedisTier connect(Vertx vertx, CacheSettings settings) {
    return new RedisTier(
        PerLoopRedis.connect(vertx, settings.redisUrl(), "mosaic-cache"),
        settings.redisTimeout().toNanos(),
        System::nanoTime);
  }

  /**
   * Reads one entry within the budget, on the caller's event loop.
   *
   * @return the entry, or null for a miss, a foreign value, an error or a slow Redis
   */
  Future<CachedAnswer> get(String key, Timeouts timeouts) {
    if (redis.resting()) {
      failures.failed("not read: resting after failures", null);
      return Future.succeededFuture();
    }
    return BudgetedReply.await(
        redis.send(Request.cmd(Command.GET).arg(PREFIX + key)),
        timeouts,
        budgetNanos,
        value ->
            value == null
                ? null
                : AnswerCodec.decode(
                    value.toBuffer(), nanoClock.getAsLong(), System.currentTimeMillis()),
        e -> failures.failed("read failed", e),
        () -> {
          failures.failed("read over its " + budgetNanos / 1_000_000 + "ms budget", null);
          redis.overBudget();
        });
  }

  /** Stores one entry until it is of no use anymore; nobody waits for it. */
  void put(String key, CachedAnswer answer) {
    long now = nanoClock.getAsLong();
    long keepMillis = (answer.expiresAt() - now) / 1_000_000;
    if (keepMillis <= 0 || redis.resting()) {
      return;
    }
    redis
        .send(
            Request.cmd(Command.SET)
                .arg(PREFIX + key)
                .arg(AnswerCodec.encode(answer, now, System.currentTimeMillis()))
                .arg("PX")
                .arg(keepMillis))
        .onFailure(e -> failures.failed("write failed", e));
    for (String tag : answer.tags()) {
      // the tag's set lives as long as its longest-lived entry; a member that expired first is
      // harmless
      redis
          .batch(
              java.util.List.of(
                  Request.cmd(Command.SADD).arg(TAG_PREFIX + tag).arg(PREFIX + key),
                  Request.cmd(Command.PEXPIRE).arg(TAG_PREFIX + tag).arg(keepMillis).arg("GT"),
                  Request.cmd(Command.PEXPIRE).arg(TAG_PREFIX + tag).arg(keepMillis).arg("NX")))
          .onFailure(e -> failures.failed("tag write failed", e));
    }
  }

  /**
   * Deletes the entries carrying {@code tags} from Redis, then publishes the tags so every gateway
   * process drops them from its own tier. Nobody waits for it.
   */
  void invalidate(java.util.Collection<String> tags) {
    io.vertx.core.json.JsonObject event =
        new io.vertx.core.json.JsonObject()
            .put("tags", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(tags)));
    deleteTagged(tags)
        .eventually(() -> redis.send(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(event.encode())))
        .onFailure(e -> failures.failed("invalidation failed", e));
  }

  /**
   * Deletes the entries carrying {@code tags} from Redis (idempotent: every listener may do it).
   */
  Future<Void> deleteTagged(java.util.Collection<String> tags) {
    java.util.List<Future<?>> deleting = new java.util.ArrayList<>();
    for (String tag : tags) {
      deleting.add(
          redis
              .send(Request.cmd(Command.SMEMBERS).arg(TAG_PREFIX + tag))
              .compose(
                  members -> {
                    Request delete = Request.cmd(Command.DEL).arg(TAG_PREFIX + tag);
                    if (members != null) {
                      members.forEach(member -> delete.arg(member.toString()));
                    }
                    return redis.send(delete);
                  }));
    }
    return Future.join(deleting)
        .<Void>mapEmpty()
        .onFailure(e -> failures.failed("tag delete failed", e));
  }

  /** Redis operations that failed or ran out of time since start. */
  public long failures() {
    return failures.total();
  }

  @Override
  public void close() {
    redis.close();
  }
}
