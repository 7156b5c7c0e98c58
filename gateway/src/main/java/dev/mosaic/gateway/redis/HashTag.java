package dev.mosaic.gateway.redis;

/**
 * The keys a Lua script touches together must be in one slot of a Redis Cluster, so on a cluster a
 * feature's keys start with one hash tag ({@code {mosaic:saga}mosaic:saga:…}): Redis hashes only
 * the text between the first braces. On a single server the names stay as they always were, so an
 * upgrade keeps the sagas, views and events a running Redis holds.
 */
public final class HashTag {

  private final String prefix;

  private HashTag(String prefix) {
    this.prefix = prefix;
  }

  /**
   * @param group names the slot, e.g. {@code mosaic:saga}
   */
  public static HashTag of(PerLoopRedis redis, String group) {
    return new HashTag(redis.cluster() ? "{" + group + "}" : "");
  }

  public String key(String name) {
    return prefix + name;
  }
}
