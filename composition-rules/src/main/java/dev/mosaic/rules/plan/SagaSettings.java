package dev.mosaic.rules.plan;

import java.time.Duration;

/**
 * The {@code sagas:} section: where sagas are logged. With Redis (its own URL, or the cache's by
 * default) every step and compensation is written there before it is sent, so a gateway killed
 * mid-saga is finished by itself on restart or by another instance once its lease lapses. Without
 * it sagas live in the process: a crash forgets them.
 *
 * @param redisUrl where the saga log is kept, or null for this process only
 * @param lease how long an instance owns its running sagas without renewing: after it, another
 *     instance takes over
 * @param inProcessChosen {@code redis: false} was written: running without a durable log is the
 *     operator's choice, not an accident
 */
public record SagaSettings(String redisUrl, Duration lease, boolean inProcessChosen) {

  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);
  public static final SagaSettings IN_PROCESS = new SagaSettings(null, DEFAULT_LEASE, false);

  public boolean durable() {
    return redisUrl != null;
  }
}
