package dev.mosaic.rules.plan;

import java.time.Duration;

/**
 * The {@code events:} section: where change events ({@code {"tags":[...]}}) are read from and
 * appended to. With Redis they are a stream every gateway reads through a consumer group of its
 * own, so one that was down applies what it missed; without it only this process's own
 * announcements ({@code announce:}) reach its views.
 *
 * @param redisUrl the Redis holding the stream, or null for events in this process only
 * @param consumer this gateway's consumer group, or null: then host and port of its listener
 * @param versionWait how long a read carrying a minimum version waits for it to be applied
 * @param refreshConcurrency views recomposed at once in the process
 * @param maxLength about how many entries the stream keeps when the gateway appends
 */
public record EventSettings(
    String redisUrl,
    String stream,
    String consumer,
    Duration versionWait,
    int refreshConcurrency,
    long maxLength) {

  public static final String DEFAULT_STREAM = "mosaic:events";
  public static final Duration DEFAULT_VERSION_WAIT = Duration.ofSeconds(1);
  public static final int DEFAULT_REFRESH_CONCURRENCY = 4;
  public static final long DEFAULT_MAX_LENGTH = 100_000;

  public static final EventSettings IN_PROCESS =
      new EventSettings(
          null,
          DEFAULT_STREAM,
          null,
          DEFAULT_VERSION_WAIT,
          DEFAULT_REFRESH_CONCURRENCY,
          DEFAULT_MAX_LENGTH);

  public boolean shared() {
    return redisUrl != null;
  }
}
