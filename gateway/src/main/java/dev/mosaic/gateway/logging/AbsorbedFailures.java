package dev.mosaic.gateway.logging;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Failures of a dependency the gateway works around (a Redis tier that falls back to this process):
 * every one counted for the metrics, and warned about through a {@link ThrottledWarning}.
 */
public final class AbsorbedFailures {

  public static final long WARN_EVERY_SECONDS = 10;

  private final Logger log;
  private final String warning;
  private final ThrottledWarning throttle;
  private final AtomicLong total = new AtomicLong();

  /**
   * @param warning the warning's format, with three {@code {}}: what failed (and why), how many
   *     failures it covers, and the interval in seconds
   */
  public AbsorbedFailures(Logger log, String warning, LongSupplier nanoClock) {
    this.log = log;
    this.warning = warning;
    this.throttle = new ThrottledWarning(WARN_EVERY_SECONDS, TimeUnit.SECONDS, nanoClock);
  }

  public void failed(String what, Throwable cause) {
    total.incrementAndGet();
    long count = throttle.occurred();
    if (count > 0) {
      log.warn(
          warning,
          cause == null ? what : what + ": " + cause.getMessage(),
          count,
          throttle.intervalSeconds());
    }
  }

  /** Failures since start. */
  public long total() {
    return total.get();
  }
}
