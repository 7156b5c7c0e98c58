package dev.mosaic.gateway.resilience;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Recent answer latency of one service, for hedging after an observed percentile ("hedge when a
 * call is slower than 95% of this service's recent calls"). Every event loop records into one
 * HdrHistogram {@link Recorder} (wait-free); once per {@link #INTERVAL_NANOS} the interval's
 * histogram is added to an accumulating one, and once that holds {@link #MIN_SAMPLES} answers the
 * percentiles are recomputed from it and it starts over, so reading one per call is a volatile
 * read. A busy service gets fresh values every second; a quiet one every few seconds. Values older
 * than {@link #MAX_AGE_INTERVALS} intervals are dropped (no hedging on stale data).
 */
public final class LatencyTracker {

  static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Below this many answers in an interval the percentile is noise: no hedging on it yet. */
  static final int MIN_SAMPLES = 20;

  /** Samples older than this many intervals are not used. */
  static final int MAX_AGE_INTERVALS = 10;

  private static final long MAX_TRACKED_NANOS = TimeUnit.MINUTES.toNanos(5);

  private final double[] percentiles;
  private final LongSupplier nanoClock;
  private final Recorder recorder = new Recorder(MAX_TRACKED_NANOS, 2);
  private Histogram recycled;
  private final Histogram accumulated = new Histogram(MAX_TRACKED_NANOS, 2);
  private int intervalsAccumulated;
  private int intervalsSinceValues;
  private volatile long nextSwapNanos;
  private volatile long[] valuesNanos;

  /**
   * @param percentiles the ones callers will ask for, e.g. {95.0, 99.0}
   */
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
    int elapsed =
        (int)
            Math.min(
                MAX_AGE_INTERVALS, 1 + (now - nextSwapNanos) / INTERVAL_NANOS); // swaps are lazy
    nextSwapNanos = now + INTERVAL_NANOS;
    recycled = recorder.getIntervalHistogram(recycled);
    accumulated.add(recycled);
    intervalsAccumulated += elapsed;
    intervalsSinceValues += elapsed;
    if (accumulated.getTotalCount() >= MIN_SAMPLES) {
      long[] values = new long[percentiles.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = accumulated.getValueAtPercentile(percentiles[i]);
      }
      valuesNanos = values;
      accumulated.reset();
      intervalsAccumulated = 0;
      intervalsSinceValues = 0;
      return;
    }
    if (intervalsAccumulated >= MAX_AGE_INTERVALS) {
      accumulated.reset(); // too few answers over too long: start over rather than mix in old ones
      intervalsAccumulated = 0;
    }
    if (intervalsSinceValues >= MAX_AGE_INTERVALS && valuesNanos[0] >= 0) {
      long[] none = new long[percentiles.length];
      java.util.Arrays.fill(none, -1);
      valuesNanos = none;
    }
  }
}
