package dev.mosaic.bench.load;

import java.time.Duration;
import java.util.Locale;

/**
 * One open-loop run from the command line, for profiling or a quick look: {@code java -cp
 * benchmarks/target/mosaic-bench.jar dev.mosaic.bench.load.Probe URL RATE SECONDS}. RATE 0 measures
 * closed-loop saturation (64 connections) instead.
 */
public final class Probe {

  private Probe() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println(
          "usage: Probe URL RATE SECONDS   (URL may contain {id}; RATE 0 = saturation)");
      System.exit(2);
    }
    HttpTarget target = HttpTarget.of(args[0]);
    int rate = Integer.parseInt(args[1]);
    Duration duration = Duration.ofSeconds(Long.parseLong(args[2]));
    try (OpenLoopLoad load = new OpenLoopLoad()) {
      if (rate == 0) {
        System.out.printf(
            Locale.ROOT,
            "%s saturation %.0f req/s%n",
            target,
            Saturation.measure(load, target, 64, duration));
      } else {
        LoadResult r = load.run(target, rate, duration);
        System.out.printf(
            Locale.ROOT,
            "%s offered %d/s achieved %.0f/s p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f max %.3f ms"
                + " errors %s%n",
            target,
            rate,
            r.achievedRate(),
            r.millis(50),
            r.millis(90),
            r.millis(99),
            r.millis(99.9),
            r.maxMillis(),
            r.errors());
      }
    }
    System.exit(0);
  }
}
