package dev.mosaic.bench.load;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One constant-rate run: what was offered, what came back, and the latency of every successful
 * request measured from the moment it was due (so a stall anywhere, even in the generator, counts).
 *
 * @param offeredRate requests per second asked for
 * @param seconds the length of the sending window
 * @param errors failed requests by kind: timeout, connect, reset, http-4xx, http-5xx, other
 */
public record LoadResult(
    int offeredRate,
    double seconds,
    long sent,
    long ok,
    Map<String, Long> errors,
    Histogram latency) {

  public LoadResult {
    errors = new TreeMap<>(errors);
  }

  public long failed() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Successful answers per second over the sending window. */
  public double achievedRate() {
    return ok / seconds;
  }

  public double errorRate() {
    return sent == 0 ? 0 : failed() / (double) sent;
  }

  /** Latency at a percentile, in milliseconds. */
  public double millis(double percentile) {
    return LatencyMillis.at(latency, percentile);
  }

  public double maxMillis() {
    return LatencyMillis.max(latency);
  }
}
