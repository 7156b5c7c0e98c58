package dev.mosaic.bench.attack;

import dev.mosaic.bench.load.HttpTarget;
import dev.mosaic.bench.load.LoadResult;
import dev.mosaic.bench.load.OpenLoopLoad;
import dev.mosaic.bench.scenario.Spread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Legitimate latency with and without a slowloris attack on the same gateway: {@code java -cp
 * benchmarks/target/mosaic-bench.jar dev.mosaic.bench.attack.SlowlorisRun URL RATE SECONDS SOCKETS
 * PAIRS}. Runs PAIRS of (quiet, attacked) open-loop runs at RATE for SECONDS each, alternating so
 * drift between runs hits both sides, and prints one Markdown row per run and the p99 difference.
 */
public final class SlowlorisRun {

  private SlowlorisRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: SlowlorisRun URL RATE SECONDS SOCKETS PAIRS");
      System.exit(2);
    }
    HttpTarget target = HttpTarget.of(args[0]);
    int rate = Integer.parseInt(args[1]);
    Duration duration = Duration.ofSeconds(Long.parseLong(args[2]));
    int sockets = Integer.parseInt(args[3]);
    int pairs = Integer.parseInt(args[4]);
    double quietSum = 0;
    double attackedSum = 0;
    List<Double> differences = new ArrayList<>();
    System.out.println(
        "| run | p50 ms | p99 ms | p99.9 ms | max ms | achieved/s | errors | attack sockets held | closed by the gateway |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    try (OpenLoopLoad load = new OpenLoopLoad()) {
      // warm-up, not reported: both paths (and the attacker) compiled before the first pair
      load.run(target, rate, Duration.ofSeconds(10));
      try (Slowloris attack = new Slowloris(target.port(), sockets, 2_000)) {
        waitForSockets(attack, sockets);
        load.run(target, rate, Duration.ofSeconds(15));
      }
      for (int pair = 1; pair <= pairs; pair++) {
        LoadResult quiet = load.run(target, rate, duration);
        row("quiet " + pair, quiet, "0", "0");
        quietSum += quiet.millis(99);
        double quietP99 = quiet.millis(99);
        try (Slowloris attack = new Slowloris(target.port(), sockets, 2_000)) {
          waitForSockets(attack, sockets);
          LoadResult attacked = load.run(target, rate, duration);
          row(
              "attacked " + pair,
              attacked,
              Integer.toString(attack.open()),
              Long.toString(attack.closedByServer()));
          attackedSum += attacked.millis(99);
          differences.add(attacked.millis(99) - quietP99);
        }
      }
    }
    double median = Spread.of(differences).median();
    System.out.printf(
        Locale.ROOT,
        "%nmean p99: quiet %.3f ms, attacked %.3f ms, difference %+.3f ms;"
            + " median of the pairs' differences %+.3f ms%n",
        quietSum / pairs,
        attackedSum / pairs,
        (attackedSum - quietSum) / pairs,
        median);
    System.exit(0);
  }

  private static void waitForSockets(Slowloris attack, int sockets) throws InterruptedException {
    long until = System.currentTimeMillis() + 15_000;
    while (attack.open() < sockets && System.currentTimeMillis() < until) {
      Thread.sleep(50);
    }
  }

  private static void row(String name, LoadResult r, String held, String closed) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %.3f | %.3f | %.3f | %.3f | %.0f | %s | %s | %s |%n",
        name,
        r.millis(50),
        r.millis(99),
        r.millis(99.9),
        r.maxMillis(),
        r.achievedRate(),
        r.errors(),
        held,
        closed);
  }
}
