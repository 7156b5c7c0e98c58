package dev.mosaic.stubs;

import java.util.SplittableRandom;

/**
 * How long a stub waits before answering: fixed, or lognormal given its median and 99th percentile.
 */
public sealed interface LatencyModel permits LatencyModel.Fixed, LatencyModel.LogNormal {

  /** Milliseconds to wait for the next answer. */
  long nextMillis(SplittableRandom random);

  LatencyModel NONE = new Fixed(0);

  record Fixed(long millis) implements LatencyModel {
    @Override
    public long nextMillis(SplittableRandom random) {
      return millis;
    }

    @Override
    public String toString() {
      return millis + "ms";
    }
  }

  /**
   * ln(latency) is normal with mean ln(p50); sigma follows from p99 = p50 · e^(2.326·sigma), the
   * shape real service latencies have (a tight body, a long tail).
   */
  record LogNormal(double p50Millis, double p99Millis) implements LatencyModel {
    private static final double Z_99 = 2.326347874;

    @Override
    public long nextMillis(SplittableRandom random) {
      double sigma = Math.log(p99Millis / p50Millis) / Z_99;
      double gaussian = gaussian(random);
      return Math.round(p50Millis * Math.exp(sigma * gaussian));
    }

    private static double gaussian(SplittableRandom random) {
      // Box–Muller: SplittableRandom has no nextGaussian on Java 17
      double u1 = 1.0 - random.nextDouble();
      double u2 = random.nextDouble();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    public String toString() {
      return "lognormal(p50=" + p50Millis + "ms, p99=" + p99Millis + "ms)";
    }
  }

  /** "5ms", "0", a number of milliseconds, or {p50: 5ms, p99: 25ms}. */
  static LatencyModel parse(Object spec) {
    if (spec == null) {
      return NONE;
    }
    if (spec instanceof Number n) {
      return new Fixed(n.longValue());
    }
    if (spec instanceof java.util.Map<?, ?> map) {
      double p50 = Durations.millis(map.get("p50"));
      double p99 = Durations.millis(map.get("p99"));
      if (p50 <= 0 || p99 < p50) {
        throw new IllegalArgumentException("latency needs 0 < p50 <= p99, got " + spec);
      }
      return p99 == p50 ? new Fixed(Math.round(p50)) : new LogNormal(p50, p99);
    }
    return new Fixed(Math.round(Durations.millis(spec)));
  }
}
