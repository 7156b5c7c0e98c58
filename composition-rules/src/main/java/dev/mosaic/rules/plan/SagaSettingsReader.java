package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import java.time.Duration;

/** Reads the {@code sagas:} section; its Redis defaults to the cache's, like rate limits'. */
final class SagaSettingsReader {

  private static final Duration MIN_LEASE = Duration.ofMillis(100);

  private SagaSettingsReader() {}

  static SagaSettings read(ConfigNode.MapNode node, CacheSettings cache, Problems problems) {
    if (node == null) {
      return new SagaSettings(cache.redisUrl(), SagaSettings.DEFAULT_LEASE, false);
    }
    Fields f = new Fields(node, problems);
    RedisSetting redis =
        RedisSetting.read(
            f,
            cache.redisUrl(),
            "sagas.redis",
            "keep sagas in this process (lost on a crash)",
            problems);
    Duration lease = f.duration("lease", SagaSettings.DEFAULT_LEASE);
    if (lease.compareTo(MIN_LEASE) < 0) {
      problems.add(
          f.position("lease"),
          "sagas.lease must be at least 100ms: an instance renews its leases every third of it");
      lease = SagaSettings.DEFAULT_LEASE;
    }
    return new SagaSettings(redis.url(), lease, redis.refused());
  }
}
