package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import java.util.ArrayList;
import java.util.List;

/**
 * A section's {@code redis:} key, where a URL names its own Redis (or a list of node URLs a Redis
 * Cluster), {@code false} keeps its state in each process, and leaving it out inherits the cache's
 * ({@code rateLimits}, {@code sagas}).
 *
 * @param url the Redis to use, or null for none
 * @param refused {@code false} was written: none, by choice
 */
record RedisSetting(String url, boolean refused) {

  /**
   * @param section how problems name the key, e.g. {@code sagas.redis}
   * @param whatFalseMeans what {@code false} does, for the message when {@code true} is written
   */
  static RedisSetting read(
      Fields f, String inherited, String section, String whatFalseMeans, Problems problems) {
    ConfigNode node = f.node("redis");
    if (node instanceof ConfigNode.ScalarNode s) {
      if (Boolean.FALSE.equals(s.value())) {
        return new RedisSetting(null, true);
      }
      if (Boolean.TRUE.equals(s.value())) {
        problems.add(s.position(), section + ": write a Redis URL, or false to " + whatFalseMeans);
        return new RedisSetting(inherited, false);
      }
    }
    if (node == null) {
      return new RedisSetting(inherited, false);
    }
    String url = address(node, section, problems);
    return new RedisSetting(url == null ? inherited : url, false);
  }

  /**
   * The Redis a {@code redis:} value names, as one line ({@code redis://…} or {@code
   * redis-cluster://…}), or null after adding a problem (or for a value of another type, which the
   * schema reports).
   */
  static String address(ConfigNode node, String section, Problems problems) {
    if (node instanceof ConfigNode.ScalarNode s && s.value() instanceof String url) {
      try {
        RedisAddress.parse(url);
        return url;
      } catch (IllegalArgumentException e) {
        problems.add(s.position(), section + ": " + e.getMessage());
        return null;
      }
    }
    if (node instanceof ConfigNode.ListNode list) {
      List<String> urls = new ArrayList<>();
      for (ConfigNode item : list.items()) {
        if (!(item instanceof ConfigNode.ScalarNode s && s.value() instanceof String url)) {
          return null; // the schema says what an item must be
        }
        urls.add(url);
      }
      try {
        return RedisAddress.clusterOf(urls);
      } catch (RedisAddress.ClusterItemException e) {
        problems.add(list.items().get(e.index()).position(), section + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        problems.add(list.position(), section + ": " + e.getMessage());
      }
    }
    return null;
  }
}
