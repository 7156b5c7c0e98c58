package dev.mosaic.bench.report;

import dev.mosaic.bench.scenario.FloorResult;
import dev.mosaic.bench.scenario.FloorRun;
import dev.mosaic.bench.scenario.FloorTarget;
import dev.mosaic.bench.scenario.Headline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The headline ratios of every full run, oldest first, and the RESULTS.md page built from them. */
final class Trend {

  private static final String HEADER =
      "run,s1_vs_nginx,s2_added_p50_ms,s2_added_p99_ms,cpu_us_per_extra_call,"
          + "s2_cpu_vs_floor,s2_rps_vs_floor";

  /** Fields of a row written before the floor comparison existed. */
  private static final int FIELDS_BEFORE_FLOOR = 5;

  private Trend() {}

  /**
   * @param floor the floor comparison, or null: its ratios are then NaN like any figure not
   *     measured
   */
  static void append(Path csv, String run, Headline h, FloorResult floor) throws IOException {
    if (!Files.exists(csv)) {
      Files.writeString(csv, HEADER + "\n", StandardCharsets.UTF_8);
    }
    addFloorColumns(csv);
    Files.writeString(
        csv,
        String.format(
            Locale.ROOT,
            "%s,%.3f,%.3f,%.3f,%.2f,%.3f,%.3f%n",
            run,
            h.s1VsNginxThroughput(),
            h.s2AddedP50Millis(),
            h.s2AddedP99Millis(),
            h.cpuMicrosPerExtraCall(),
            s2VsFloor(floor, FloorRun::cpuMicros),
            s2VsFloor(floor, r -> r.wrk().requestsPerSecond())),
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  private static double s2VsFloor(
      FloorResult floor, java.util.function.ToDoubleFunction<FloorRun> measure) {
    return floor == null ? Double.NaN : floor.ratio("S2", FloorTarget.FLOOR, measure).median();
  }

  /** A trend.csv from before the floor comparison gets its two columns, empty in the old rows. */
  static void addFloorColumns(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.isEmpty() || lines.get(0).equals(HEADER)) {
      return;
    }
    List<String> upgraded = new ArrayList<>(List.of(HEADER));
    for (String line : lines.subList(1, lines.size())) {
      upgraded.add(line.split(",", -1).length == FIELDS_BEFORE_FLOOR ? line + ",," : line);
    }
    Files.write(csv, upgraded, StandardCharsets.UTF_8);
  }

  static String resultsPage(String run, String latestReport, Path csv, Path root)
      throws IOException {
    StringBuilder md = new StringBuilder("# Benchmark results\n\n");
    md.append(
            "Run them with `benchmarks/run.sh` (full, < 30 min, writes here) or `benchmarks/run.sh --quick` ")
        .append(
            "(< 4 min, writes under benchmarks/target/). How they work: benchmarks/README.md.\n\n");
    md.append(
            "How to read them: everything (load generator, gateway, stubs, nginx) shares this machine's cores, ")
        .append(
            "so a scenario's closed-loop saturation is the whole machine's CPU limit, and 50% of it is already ")
        .append(
            "close to the knee of the open-loop curve: p99 there measures CPU contention as much as the gateway. ")
        .append(
            "The latency-vs-load tables and charts show where each curve bends; compare ratios and curves, ")
        .append("and only runs from the same machine.\n\n");
    md.append("## Trend of the headline figures (full runs)\n\n");
    md.append(
            "| run | S1 ÷ nginx throughput | S2 added p50 ms | S2 added p99 ms | CPU µs per extra call ")
        .append("| S2 CPU/req ÷ floor | S2 req/s ÷ floor |\n|---|---|---|---|---|---|---|\n");
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      md.append("| [").append(f[0]).append("](results/").append(f[0]).append(".md) |");
      for (int i = 1; i <= 6; i++) {
        md.append(' ')
            .append(i < f.length ? f[i] : "")
            .append(" |"); // runs from before the floor have no ratios
      }
      md.append('\n');
    }
    Path jmh = root.resolve("benchmarks/results/jmh-latest.md");
    if (Files.exists(jmh)) {
      md.append("\n")
          .append(Files.readString(jmh, StandardCharsets.UTF_8).replaceFirst("^# ", "## "))
          .append('\n');
    }
    md.append("\n## Latest full run: ").append(run).append("\n\n");
    // the report's links are relative to results/; from this page they need the prefix
    md.append(
        latestReport
            .replaceFirst("^# .*\n", "")
            .replace("](" + run + "/", "](results/" + run + "/")
            .replace("\n## ", "\n### "));
    return md.toString();
  }
}
