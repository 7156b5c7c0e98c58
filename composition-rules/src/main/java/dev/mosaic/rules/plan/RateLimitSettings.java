package dev.mosaic.rules.plan;

import java.time.Duration;

/**
 * The {@code server.rateLimits} section: where buckets are kept and the limit of endpoints that set
 * none.
 *
 * @param redisUrl the Redis every gateway process shares buckets in, or null for in-process only
 * @param redisTimeout how long a request waits for Redis before its own process's bucket decides
 * @param maxClients how many buckets one process keeps (the least recently used go first)
 * @param defaultLimit the limit of every endpoint without its own {@code rateLimit}, or null
 */
public record RateLimitSettings(
    String redisUrl, Duration redisTimeout, long maxClients, RateLimit defaultLimit) {

  public static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofMillis(5);
  public static final long DEFAULT_MAX_CLIENTS = 100_000;
  public static final RateLimitSettings NONE =
      new RateLimitSettings(null, DEFAULT_REDIS_TIMEOUT, DEFAULT_MAX_CLIENTS, null);
}
