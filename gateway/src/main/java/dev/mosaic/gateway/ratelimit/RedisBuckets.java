package dev.mosaic.gateway.ratelimit;

import dev.mosaic.gateway.redis.LuaScript;
import dev.mosaic.gateway.redis.PerLoopRedis;
import dev.mosaic.rules.plan.RateLimit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * Buckets every gateway process shares, in Redis: the same cell-rate state as {@link Bucket},
 * refilled and taken by one Lua script, so concurrent takes from any process are atomic. The script
 * reads Redis's own TIME, so processes whose clocks disagree still agree on the budget, and gives
 * each key a TTL of the time until its bucket is full again: an idle client's key is gone exactly
 * when forgetting it changes nothing. Time is in microseconds there (TIME's unit).
 */
final class RedisBuckets implements AutoCloseable {

  static final String PREFIX = "mosaic:ratelimit:";

  /**
   * KEYS[1] the bucket; ARGV[1] the token interval (µs); ARGV[2] the burst. Returns {allowed 0|1,
   * remaining, retry after (µs), until full (µs)}. Numbers are passed to redis.call as numbers,
   * which Redis writes with 17 digits; tostring() would keep only 14.
   */
  static final LuaScript SCRIPT =
      new LuaScript(
          """
      if redis.replicate_commands then redis.replicate_commands() end
      local interval = tonumber(ARGV[1])
      local capacity = interval * tonumber(ARGV[2])
      local time = redis.call('TIME')
      local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
      local tat = tonumber(redis.call('GET', KEYS[1]) or now)
      if tat < now then tat = now end
      local ahead = tat + interval - now
      if ahead > capacity then
        return {0, 0, ahead - capacity, tat - now}
      end
      redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil(ahead / 1000))
      return {1, math.floor((capacity - ahead) / interval), 0, ahead}
      """);

  private final PerLoopRedis redis;

  private RedisBuckets(PerLoopRedis redis) {
    this.redis = redis;
  }

  static RedisBuckets connect(Vertx vertx, String url) {
    return new RedisBuckets(PerLoopRedis.connect(vertx, url, "mosaic-ratelimit"));
  }

  /** Takes a token from {@code key}'s shared bucket; fails when Redis does. */
  Future<Decision> take(String key, RateLimit limit) {
    long intervalMicros = Math.max(1, Math.round(1e6 / limit.perSecond()));
    return SCRIPT
        .run(
            redis,
            List.of(PREFIX + key),
            List.of(Long.toString(intervalMicros), Integer.toString(limit.burst())))
        .map(
            answer ->
                new Decision(
                    answer.get(0).toInteger() == 1,
                    limit.burst(),
                    answer.get(1).toLong(),
                    answer.get(2).toLong() * 1_000,
                    answer.get(3).toLong() * 1_000));
  }

  /** Redis is taken to be down for now: decide in this process without trying it. */
  boolean resting() {
    return redis.resting();
  }

  /** A take's answer did not come within its budget. */
  void overBudget() {
    redis.overBudget();
  }

  @Override
  public void close() {
    redis.close();
  }
}
