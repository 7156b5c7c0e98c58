package dev.mosaic.bench.load;

import org.HdrHistogram.Histogram;

/** Latencies recorded in nanoseconds, read in milliseconds; NaN when nothing was recorded. */
public final class LatencyMillis {

  private LatencyMillis() {}

  public static double at(Histogram latency, double percentile) {
    return latency.getTotalCount() == 0
        ? Double.NaN
        : latency.getValueAtPercentile(percentile) / 1_000_000.0;
  }

  public static double max(Histogram latency) {
    return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1_000_000.0;
  }
}
