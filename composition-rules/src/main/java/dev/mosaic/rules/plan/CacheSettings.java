package dev.mosaic.rules.plan;

/**
 * The {@code cache:} section: the bounds of the in-process cache (L1) that calls with a
 * {@code cache} key use, and the Redis URL of the shared tier (L2; checked, not used yet).
 */
public record CacheSettings(boolean configured, long maxEntries, long maxBytes, String redisUrl) {

  public static final long DEFAULT_MAX_ENTRIES = 10_000;
  public static final long DEFAULT_MAX_BYTES = 64L << 20;
  public static final CacheSettings NONE = new CacheSettings(false, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES, null);
}
