package dev.mosaic.rules.plan;

import java.time.Duration;

/**
 * How an idempotent call is tried again after a connection failure or a 502/503/504.
 *
 * @param attempts tries in all, the first included: 1 never retries
 * @param backoff the wait before the first retry; doubled for each next one, then jittered
 */
public record RetrySettings(int attempts, Duration backoff, Duration maxBackoff) {

  public static final int DEFAULT_ATTEMPTS = 2;
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(20);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(1);
}
