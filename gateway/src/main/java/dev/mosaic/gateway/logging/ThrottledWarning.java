package dev.mosaic.gateway.logging;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets a warning about something that can happen on every request through at most once per
 * interval, with how many times it happened meanwhile: a failing dependency must not flood the log
 * (nor spend the loops formatting lines) while still being reported promptly. The first occurrence
 * is let through at once. Safe from any thread.
 */
public final class ThrottledWarning {

  private final long intervalNanos;
  private final LongSupplier nanoClock;

  /** When the next warning may go out ({@link System#nanoTime()} scale: compare by difference). */
  private final AtomicLong nextDue;

  private final AtomicLong unreported = new AtomicLong();

  public ThrottledWarning(long interval, TimeUnit unit, LongSupplier nanoClock) {
    this.intervalNanos = unit.toNanos(interval);
    this.nanoClock = nanoClock;
    this.nextDue = new AtomicLong(nanoClock.getAsLong());
  }

  /**
   * Counts one occurrence.
   *
   * @return 0 when no warning is due; else how many occurrences the warning covers (this one and
   *     those since the last warning)
   */
  public long occurred() {
    unreported.incrementAndGet();
    long now = nanoClock.getAsLong();
    long due = nextDue.get();
    if (now - due < 0 || !nextDue.compareAndSet(due, now + intervalNanos)) {
      return 0;
    }
    return Math.max(
        1, unreported.getAndSet(0)); // a warning that races the last one may find its count taken
  }

  /** The interval in whole seconds, for the warning's text. */
  public long intervalSeconds() {
    return TimeUnit.NANOSECONDS.toSeconds(intervalNanos);
  }
}
