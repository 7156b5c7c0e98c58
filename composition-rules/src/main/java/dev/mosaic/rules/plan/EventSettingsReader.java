package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import java.time.Duration;

/** Reads the {@code events:} section; its Redis defaults to the cache's, like sagas'. */
final class EventSettingsReader {

  private EventSettingsReader() {}

  static EventSettings read(ConfigNode.MapNode node, CacheSettings cache, Problems problems) {
    if (node == null) {
      return new EventSettings(
          cache.redisUrl(),
          EventSettings.DEFAULT_STREAM,
          null,
          EventSettings.DEFAULT_VERSION_WAIT,
          EventSettings.DEFAULT_REFRESH_CONCURRENCY,
          EventSettings.DEFAULT_MAX_LENGTH);
    }
    Fields f = new Fields(node, problems);
    RedisSetting redis =
        RedisSetting.read(
            f,
            cache.redisUrl(),
            "events.redis",
            "keep events in this process (only its own announcements reach its views)",
            problems);
    Duration wait = f.duration("versionWait", EventSettings.DEFAULT_VERSION_WAIT);
    return new EventSettings(
        redis.url(),
        f.string("stream", EventSettings.DEFAULT_STREAM),
        f.string("consumer", null),
        wait,
        f.integer("refreshConcurrency", EventSettings.DEFAULT_REFRESH_CONCURRENCY),
        f.integer("maxLength", (int) EventSettings.DEFAULT_MAX_LENGTH));
  }
}
