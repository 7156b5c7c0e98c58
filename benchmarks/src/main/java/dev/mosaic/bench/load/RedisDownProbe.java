package dev.mosaic.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an unusable Redis costs a cached call's miss: the same endpoint on three gateways, without
 * Redis, with a Redis port that refuses connections and with one that accepts and never answers,
 * loaded in turn at one open-loop rate, rounds alternating. {@code RedisDownProbe NONE_URL
 * REFUSED_URL SILENT_URL OUT.md}; run by benchmarks/redis-down.sh.
 */
public final class RedisDownProbe {

  private static final int RATE = 200;
  private static final int ROUNDS = 3;
  private static final Duration ROUND = Duration.ofSeconds(10);

  private RedisDownProbe() {}

  public static void main(String[] args) throws Exception {
    String[] names = {"no Redis", "refused", "silent"};
    HttpTarget[] targets = {HttpTarget.of(args[0]), HttpTarget.of(args[1]), HttpTarget.of(args[2])};
    List<String> rows = new ArrayList<>();
    double[][] medians = new double[targets.length][ROUNDS];
    try (OpenLoopLoad load = new OpenLoopLoad()) {
      for (HttpTarget target : targets) {
        load.run(target, RATE, Duration.ofSeconds(8)); // JIT, connections, the Redis rests
      }
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < targets.length; i++) {
          int t = round % 2 == 0 ? i : targets.length - 1 - i; // alternate the order
          LoadResult result = load.run(targets[t], RATE, ROUND);
          medians[t][round] = result.millis(50);
          rows.add(
              String.format(
                  Locale.ROOT,
                  "| %d | %s | %d | %d | %.2f | %.2f | %.2f | %.2f |",
                  round + 1,
                  names[t],
                  result.ok(),
                  result.failed(),
                  result.millis(50),
                  result.millis(90),
                  result.millis(99),
                  result.maxMillis()));
        }
      }
    }
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "# A cached call's miss with Redis unusable%n%n"
                + "Every request a miss (ids in turn over 10,000, ttl 1 s), %d req/s open loop, %d"
                + " rounds of %d s, order alternating; latency in ms.%n%n"
                + "| round | Redis | answered | failed | p50 | p90 | p99 | max |%n"
                + "|---|---|---:|---:|---:|---:|---:|---:|%n",
            RATE,
            ROUNDS,
            ROUND.toSeconds()));
    rows.forEach(row -> report.append(row).append('\n'));
    report.append('\n');
    for (int t = 1; t < targets.length; t++) {
      double worst = Double.NEGATIVE_INFINITY;
      for (int round = 0; round < ROUNDS; round++) {
        worst = Math.max(worst, medians[t][round] - medians[0][round]);
      }
      report.append(
          String.format(
              Locale.ROOT,
              "%s: median over the Redis-less one's, same round, at most %+.2f ms"
                  + " (target ≤ +2 ms).%n",
              names[t],
              worst));
    }
    write(Path.of(args[3]), report.toString());
    System.out.print(report);
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
