package dev.mosaic.bench.load;

import java.time.Duration;
import java.util.Locale;

/**
 * S6's measurements in one warmed load-generator JVM (a fresh JVM per probe measured its own JIT
 * warm-up): a cached composed endpoint (in-process tier) against a static-response Vert.x server,
 * its latency at half its saturation, and its Redis tier against its in-process tier at one rate.
 * {@code CacheHitProbe STATIC_URL L1_URL L2_URL}; run by benchmarks/s6.sh.
 */
public final class CacheHitProbe {

  private CacheHitProbe() {}

  public static void main(String[] args) throws Exception {
    HttpTarget peer = HttpTarget.of(args[0]);
    HttpTarget l1 = HttpTarget.of(args[1]);
    HttpTarget l2 = HttpTarget.of(args[2]);
    Duration warm = Duration.ofSeconds(6);
    try (OpenLoopLoad load = new OpenLoopLoad()) {
      // warm the generator and every server; fills both cache tiers with the 10,000 ids
      for (HttpTarget t : new HttpTarget[] {l1, l2, peer}) {
        load.run(t, 2000, warm);
      }
      Saturation.measure(load, peer, 64, Duration.ofSeconds(3));
      Saturation.measure(load, l1, 64, Duration.ofSeconds(3));
      double peerSat = Saturation.measure(load, peer, 64, Duration.ofSeconds(5));
      double l1Sat = Saturation.measure(load, l1, 64, Duration.ofSeconds(5));
      System.out.printf(
          Locale.ROOT,
          "saturation: static Vert.x %.0f/s, cached composed endpoint %.0f/s: %.2fx%n",
          peerSat,
          l1Sat,
          l1Sat / peerSat);
      int half = (int) (l1Sat / 2);
      load.run(l1, half, Duration.ofSeconds(3));
      print("L1 hit at 50% of its saturation", load.run(l1, half, Duration.ofSeconds(10)));
      for (int round = 1; round <= 2; round++) {
        print("L1 hit at 2000/s, round " + round, load.run(l1, 2000, Duration.ofSeconds(8)));
        print("L2 hit at 2000/s, round " + round, load.run(l2, 2000, Duration.ofSeconds(8)));
      }
    }
    System.exit(0);
  }

  private static void print(String what, LoadResult r) {
    System.out.printf(
        Locale.ROOT,
        "%s: achieved %.0f/s p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f max %.3f ms errors %s%n",
        what,
        r.achievedRate(),
        r.millis(50),
        r.millis(90),
        r.millis(99),
        r.millis(99.9),
        r.maxMillis(),
        r.errors());
  }
}
