package dev.mosaic.gateway.resilience;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Recent answer latency of one service, for hedging after an observed percentile ("hedge when a
 * call is slower than 95% of this service's recent calls"). Every event loop records into one
 * HdrHistogram {@link Recorder} (wait-free); once per {@link #INTERVAL_NANOS} the interval's
 * histogram is swapped out and the percentile recomputed, so reading it per call is one volatile
 * read. A fresh interval with too few samples keeps the previous value.
 */
public final class LatencyTracker {

  static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Below this many answers in an interval the percentile is noise: no hedging on it yet. */
  static final int MIN_SAMPLES = 20;
  private static final long MAX_TRACKED_NANOS = TimeUnit.MINUTES.toNanos(5);

  private final double[] percentiles;
  private final LongSupplier nanoClock;
  private final Recorder recorder = new Recorder(MAX_TRACKED_NANOS, 2);
  private Histogram recycled;
  private volatile long nextSwapNanos;
  private volatile long[] valuesNanos;

  /** @param percentiles the ones callers will ask for, e.g. {95.0, 99.0} */
  LatencyTracker(double[] percentiles, LongSupplier nanoClock) {
    this.percentiles = percentiles.clone();
    this.valuesNanos = new long[percentiles.length];
    java.util.Arrays.fill(valuesNanos, -1);
    this.nanoClock = nanoClock;
    this.nextSwapNanos = nanoClock.getAsLong() + INTERVAL_NANOS;
  }

  public void record(long nanos) {
    recorder.recordValue(Math.min(Math.max(1, nanos), MAX_TRACKED_NANOS));
  }

  /**
   * @param percentile one of those given at construction
   * @return that percentile of recent answers in nanoseconds, or -1 before there are enough
   */
  public long percentileNanos(double percentile) {
    long now = nanoClock.getAsLong();
    if (now >= nextSwapNanos) {
      swap(now);
    }
    for (int i = 0; i < percentiles.length; i++) {
      if (percentiles[i] == percentile) {
        return valuesNanos[i];
      }
    }
    return -1;
  }

  private synchronized void swap(long now) {
    if (now < nextSwapNanos) {
      return; // another loop swapped first
    }
    nextSwapNanos = now + INTERVAL_NANOS;
    recycled = recorder.getIntervalHistogram(recycled);
    if (recycled.getTotalCount() >= MIN_SAMPLES) {
      long[] values = new long[percentiles.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = recycled.getValueAtPercentile(percentiles[i]);
      }
      valuesNanos = values;
    }
  }
}
