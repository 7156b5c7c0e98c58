package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code server.rateLimits} and an endpoint's {@code rateLimit}. The schema checks shapes;
 * here go the ranges: a limit that can never refill, or refills faster than a bucket can count, is
 * a config error at its position, never a silent default.
 */
final class RateLimitReader {

  private static final Pattern RATE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)/(s|m|h)");
  private static final Pattern BY =
      Pattern.compile("ip|header:([A-Za-z0-9!#$%&'*+.^_`|~-]+)|claim:(\\S+)");

  /**
   * Shared buckets count time in microseconds: a token per microsecond is the finest they can tell.
   */
  static final double MAX_PER_SECOND = 1_000_000;

  /** Longer than this to fill a bucket is a quota, which a bucket evicted when idle cannot keep. */
  static final Duration MAX_REFILL = Duration.ofDays(1);

  private RateLimitReader() {}

  /**
   * @param cache whose Redis the buckets share unless the section names its own (or {@code redis:
   *     false})
   */
  static RateLimitSettings settings(
      ConfigNode.MapNode node, CacheSettings cache, Problems problems) {
    if (node == null) {
      return new RateLimitSettings(
          cache.redisUrl(),
          RateLimitSettings.DEFAULT_REDIS_TIMEOUT,
          RateLimitSettings.DEFAULT_MAX_CLIENTS,
          null);
    }
    Fields f = new Fields(node, problems);
    String redis =
        RedisSetting.read(
                f, cache.redisUrl(), "rateLimits.redis", "keep buckets in each process", problems)
            .url();
    long maxClients =
        Math.max(
            1, f.longValue("maxClients", RateLimitSettings.DEFAULT_MAX_CLIENTS)); // schema: >= 1
    ConfigNode.MapNode defaultNode = f.map("default");
    return new RateLimitSettings(
        redis,
        f.duration("redisTimeout", RateLimitSettings.DEFAULT_REDIS_TIMEOUT),
        maxClients,
        defaultNode == null ? null : limit(defaultNode, problems));
  }

  /**
   * The endpoint's own limit, none with {@code rateLimit: false}, else the server's default (or
   * none).
   */
  static RateLimit endpoint(Fields endpoint, RateLimitSettings server, Problems problems) {
    ConfigNode node = endpoint.node("rateLimit");
    if (node instanceof ConfigNode.MapNode map) {
      return limit(map, problems);
    }
    if (node instanceof ConfigNode.ScalarNode s && Boolean.TRUE.equals(s.value())) {
      problems.add(
          s.position(),
          "rateLimit: true says nothing about the limit: write { rate: 10/s, burst: 20 },"
              + " or false for none");
    }
    return node == null ? server.defaultLimit() : null;
  }

  private static RateLimit limit(ConfigNode.MapNode node, Problems problems) {
    Fields f = new Fields(node, problems);
    double perSecond = perSecond(f, problems);
    if (perSecond <= 0) {
      return null;
    }
    int defaultBurst = (int) Math.max(1, Math.ceil(perSecond));
    int burst = f.integer("burst", defaultBurst);
    if (burst < 1 || burst > 1_000_000) {
      return null; // the schema reported the range
    }
    if (burst / perSecond > MAX_REFILL.toSeconds()) {
      problems.add(
          f.position(f.node("burst") != null ? "burst" : "rate"),
          "a bucket of "
              + burst
              + " refilled at "
              + perSecond
              + "/s takes longer than a day to fill: that is a quota, not a rate limit");
      return null;
    }
    RateLimit.ClientKey by = by(f);
    return by == null ? null : new RateLimit(perSecond, burst, by);
  }

  /**
   * @return tokens per second, or 0 after a problem
   */
  private static double perSecond(Fields f, Problems problems) {
    boolean hasRate = f.node("rate") != null;
    boolean hasPerSecond = f.node("perSecond") != null;
    if (hasRate && hasPerSecond) {
      f.problem("perSecond", "use either rate (e.g. 10/s) or perSecond, not both");
      return 0;
    }
    if (!hasRate && !hasPerSecond) {
      problems.add(f.position(), "rateLimit needs a rate, e.g. rate: 10/s (or perSecond: 10)");
      return 0;
    }
    double perSecond;
    String key = hasRate ? "rate" : "perSecond";
    if (hasRate) {
      Matcher m = RATE.matcher(f.string("rate", ""));
      if (!m.matches()) {
        return 0; // the schema's pattern reported it
      }
      double count = Double.parseDouble(m.group(1));
      perSecond =
          count
              / switch (m.group(2)) {
                case "s" -> 1;
                case "m" -> 60;
                default -> 3600;
              };
    } else {
      perSecond = f.number("perSecond", 0);
    }
    if (perSecond <= 0) {
      f.problem(key, key + ": must be greater than 0");
      return 0;
    }
    if (perSecond > MAX_PER_SECOND) {
      f.problem(key, key + ": at most " + (long) MAX_PER_SECOND + " per second");
      return 0;
    }
    return perSecond;
  }

  private static RateLimit.ClientKey by(Fields f) {
    String text = f.string("by", "ip");
    Matcher m = BY.matcher(text);
    if (!m.matches()) {
      return null; // the schema's pattern reported it
    }
    if (m.group(1) != null) {
      return new RateLimit.ClientKey(
          RateLimit.ClientKey.Source.HEADER, m.group(1).toLowerCase(Locale.ROOT));
    }
    if (m.group(2) != null) {
      return new RateLimit.ClientKey(RateLimit.ClientKey.Source.CLAIM, m.group(2));
    }
    return RateLimit.ClientKey.IP;
  }
}
