package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;

/**
 * A section's {@code redis:} key, where a URL names its own Redis, {@code false} keeps its state in
 * each process, and leaving it out inherits the cache's ({@code rateLimits}, {@code sagas}).
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
    if (!(f.node("redis") instanceof ConfigNode.ScalarNode s)) {
      return new RedisSetting(inherited, false);
    }
    if (Boolean.FALSE.equals(s.value())) {
      return new RedisSetting(null, true);
    }
    if (s.value() instanceof String url) {
      if (PlanCompiler.redisUrlParses(url)) {
        return new RedisSetting(url, false);
      }
      problems.add(
          s.position(),
          section
              + ": '"
              + url.replaceAll("//[^@/]*@", "//***@")
              + "' is not a Redis URL: expected redis://[:password@]host[:port][/db]");
    } else if (Boolean.TRUE.equals(s.value())) {
      problems.add(s.position(), section + ": write a Redis URL, or false to " + whatFalseMeans);
    }
    return new RedisSetting(inherited, false);
  }
}
