package dev.mosaic.rules.plan;

/**
 * The {@code cache:} section. Checked at load; the caching tiers that use it are not built yet,
 * and the gateway says so at start-up when the section is present.
 */
public record CacheSettings(boolean configured, long maxEntries, String redisUrl) {

  public static final CacheSettings NONE = new CacheSettings(false, 0, null);
}
