package dev.mosaic.gateway.resilience;

import java.util.function.LongSupplier;

/**
 * Two counts (events and the marked ones among them: calls and failures, calls and retries) over a
 * rolling time window kept as {@link #BUCKETS} buckets, so old events leave the window a tenth at a
 * time instead of all at once (Resilience4j's time-based sliding window, in small).
 *
 * <p>Shared by every event loop, so guarded by this object's monitor: an uncontended lock costs
 * tens of nanoseconds, less than the atomics a lock-free ring of buckets would need per event. The
 * clock is injected so tests move time instead of sleeping.
 */
final class RollingCounts {

  static final int BUCKETS = 10;

  private final LongSupplier nanoClock;
  private final long bucketNanos;
  private final long[] totals = new long[BUCKETS];
  private final long[] marked = new long[BUCKETS];
  private long currentBucket;
  private long total;
  private long markedTotal;

  RollingCounts(long windowNanos, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
    this.currentBucket = nanoClock.getAsLong() / bucketNanos;
  }

  synchronized void add(boolean mark) {
    advance();
    int slot = (int) (currentBucket % BUCKETS);
    totals[slot]++;
    total++;
    if (mark) {
      marked[slot]++;
      markedTotal++;
    }
  }

  /** Counts one marked event without counting it in the total (a retry is not a call). */
  synchronized void addMarkedOnly() {
    advance();
    int slot = (int) (currentBucket % BUCKETS);
    marked[slot]++;
    markedTotal++;
  }

  synchronized long total() {
    advance();
    return total;
  }

  synchronized long marked() {
    advance();
    return markedTotal;
  }

  synchronized void clear() {
    java.util.Arrays.fill(totals, 0);
    java.util.Arrays.fill(marked, 0);
    total = 0;
    markedTotal = 0;
  }

  /** Drops the buckets that have left the window. Callers hold the monitor. */
  private void advance() {
    long now = nanoClock.getAsLong() / bucketNanos;
    long steps = Math.min(BUCKETS, now - currentBucket);
    for (long i = 1; i <= steps; i++) {
      int slot = (int) ((currentBucket + i) % BUCKETS);
      total -= totals[slot];
      markedTotal -= marked[slot];
      totals[slot] = 0;
      marked[slot] = 0;
    }
    if (now > currentBucket) {
      currentBucket = now;
    }
  }
}
