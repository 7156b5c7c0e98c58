package dev.mosaic.rules.plan;

import java.time.Duration;

/**
 * The {@code cache:} section: the bounds of the in-process tier (L1) that calls with a {@code
 * cache} key use, and the Redis URL and read budget of the shared tier (L2).
 *
 * @param redisUrl null when there is no shared tier
 * @param surrogateKeys whether composed answers carry {@code Surrogate-Key} with their cache tags,
 *     for a CDN in front to purge by
 */
public record CacheSettings(
    boolean configured,
    long maxEntries,
    long maxBytes,
    String redisUrl,
    Duration redisTimeout,
    boolean surrogateKeys) {

  public static final long DEFAULT_MAX_ENTRIES = 10_000;
  public static final long DEFAULT_MAX_BYTES = 64L << 20;
  public static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofMillis(5);
  public static final CacheSettings NONE =
      new CacheSettings(
          false, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES, null, DEFAULT_REDIS_TIMEOUT, false);

  public CacheSettings(boolean configured, long maxEntries, long maxBytes, String redisUrl) {
    this(configured, maxEntries, maxBytes, redisUrl, DEFAULT_REDIS_TIMEOUT, false);
  }
}
