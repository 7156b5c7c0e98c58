package dev.mosaic.bench.report;

import dev.mosaic.bench.load.LatencyMillis;
import dev.mosaic.bench.load.LoadResult;
import dev.mosaic.bench.scenario.FloorResult;
import dev.mosaic.bench.scenario.Headline;
import dev.mosaic.bench.scenario.HungOptionalResult;
import dev.mosaic.bench.scenario.RunMode;
import dev.mosaic.bench.scenario.ScenarioResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes a run as Markdown with its charts. A full run goes to {@code
 * benchmarks/results/<date>-<sha>.md} (charts beside it), appends its headline to {@code
 * results/trend.csv} and rewrites {@code benchmarks/RESULTS.md}; other modes write into their work
 * directory only, and so does a run of some scenarios only ({@code --only}).
 */
public final class ResultsReport {

  private final RunMode mode;
  private final boolean commit;
  private final Path root;
  private final Path out;
  private final String command;
  private final Instant started;
  private final String nginxNote;
  private final String selection;

  /**
   * @param commit write results/, trend.csv and RESULTS.md (a full run of everything)
   * @param selection null, or which scenarios a partial run ran, for the report's notes
   */
  public ResultsReport(
      RunMode mode,
      boolean commit,
      Path root,
      Path out,
      String command,
      Instant started,
      String nginxNote,
      String selection) {
    this.mode = mode;
    this.commit = commit;
    this.root = root;
    this.out = out;
    this.command = command;
    this.started = started;
    this.nginxNote = nginxNote;
    this.selection = selection;
  }

  /**
   * @param hung S7's result, or null when it did not run
   * @param floor the floor comparison's result, or null when it was not selected
   */
  public Path write(
      List<ScenarioResult> results,
      List<ScenarioResult> s2Direct,
      Headline zero,
      Headline realistic,
      HungOptionalResult hung,
      FloorResult floor)
      throws IOException {
    String date = DateTimeFormatter.ISO_LOCAL_DATE.format(started.atOffset(ZoneOffset.UTC));
    String sha = Machine.gitSha(root);
    String name = date + "-" + sha;
    Path chartDir = out.resolve(name);
    Files.createDirectories(chartDir);
    Charts.percentiles(results, "latency 0", chartDir.resolve("latency-zero.png"));
    Charts.percentiles(
        results, "lognormal p50 5ms p99 25ms", chartDir.resolve("latency-realistic.png"));
    Charts.sweep(results, chartDir.resolve("latency-vs-load.png"));
    Charts.cpuByWidth(
        results, "latency 0", zero.cpuMicrosPerExtraCall(), chartDir.resolve("cpu-by-width.png"));

    StringBuilder md = new StringBuilder();
    md.append("# Benchmark run ").append(name).append(" (").append(mode.name()).append(")\n\n");
    md.append("Command: `").append(command).append("`  \n");
    md.append("Started ")
        .append(started)
        .append(", took ")
        .append(Duration.between(started, Instant.now()).toSeconds())
        .append(" s.  \n");
    md.append("Machine: ").append(Machine.describe()).append("  \n");
    md.append(
            "Stubs, gateway, nginx and the load generator are separate processes sharing this machine; ")
        .append(
            "latency is open-loop, from each request's due time (HdrHistogram); saturation is closed-loop with 64 ")
        .append(
            "connections; latency and CPU are measured at 50% of each scenario's saturation.\n\n");
    if (!results.isEmpty()) {
      md.append(headline(zero, realistic));
    }
    if (floor != null) {
      boolean chart = Charts.floorCpu(floor, chartDir.resolve(FloorSection.CHART));
      md.append(FloorSection.markdown(floor, chart ? name + "/" + FloorSection.CHART : null));
    }
    for (String variant : List.of("latency 0", "lognormal p50 5ms p99 25ms")) {
      List<ScenarioResult> rows =
          results.stream().filter(r -> r.variant().equals(variant)).toList();
      if (rows.isEmpty()) {
        continue;
      }
      String chart = variant.startsWith("latency") ? "latency-zero.png" : "latency-realistic.png";
      md.append("## Stubs ").append(variant).append("\n\n").append(table(rows)).append('\n');
      md.append("![latency percentiles](").append(name).append('/').append(chart).append(")\n\n");
      List<ScenarioResult> direct =
          s2Direct.stream().filter(r -> r.variant().equals(variant)).toList();
      if (!direct.isEmpty()) {
        md.append("Direct calls at S2's rate (what S2's added latency is measured against):\n\n")
            .append(table(direct))
            .append('\n');
      }
    }
    md.append(sweeps(results, name));
    if (Files.exists(chartDir.resolve("cpu-by-width.png"))) {
      md.append("## CPU per request by fan-out width\n\n![cpu by width](")
          .append(name)
          .append("/cpu-by-width.png)\n\n");
    }
    if (hung != null) {
      Charts.hungTimeline(hung, chartDir.resolve("s7-timeline.png"));
      md.append(hungOptional(hung));
      if (Files.exists(chartDir.resolve("s7-timeline.png"))) {
        md.append("![S7 timeline](").append(name).append("/s7-timeline.png)\n\n");
      }
    }
    md.append("## Not measured in this run\n\n");
    if (selection != null) {
      md.append("- Everything but ")
          .append(selection)
          .append(": this run was `--only ")
          .append(selection)
          .append("`.\n");
    }
    md.append("- S6 (cache hit): Mosaic has no cache yet (issue 5).\n");
    if (hung == null && selection == null) {
      md.append("- S7 (one optional service hung): not run in ")
          .append(mode.name())
          .append(" mode.\n");
    }
    if (nginxNote != null) {
      md.append("- nginx: ").append(nginxNote).append(".\n");
    }
    if (floor != null && floor.skipped() != null) {
      md.append("- Mosaic vs the floor: ").append(floor.skipped()).append(".\n");
    }
    Path file = out.resolve(name + ".md");
    Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
    if (commit) {
      Trend.append(out.resolve("trend.csv"), name, zero, floor);
      Files.writeString(
          root.resolve("benchmarks/RESULTS.md"),
          Trend.resultsPage(name, md.toString(), out.resolve("trend.csv"), root),
          StandardCharsets.UTF_8);
    }
    return file;
  }

  private String headline(Headline zero, Headline realistic) {
    StringBuilder md =
        new StringBuilder(
            "## Headline\n\n| measure | value | target | verdict |\n|---|---|---|---|\n");
    row(
        md,
        "S1 throughput, Mosaic ÷ nginx (latency 0)",
        fmt(zero.s1VsNginxThroughput(), "%.2f×"),
        "≥ 1.00×",
        verdict(zero.s1VsNginxThroughput(), 1.0, true));
    row(
        md,
        "S2 added p50 over the slowest direct call (latency 0)",
        fmt(zero.s2AddedP50Millis(), "%+.3f ms"),
        "≤ 0.3 ms",
        verdict(zero.s2AddedP50Millis(), 0.3, false));
    row(
        md,
        "S2 added p99 over the slowest direct call (latency 0)",
        fmt(zero.s2AddedP99Millis(), "%+.3f ms"),
        "≤ 1 ms",
        verdict(zero.s2AddedP99Millis(), 1.0, false));
    row(
        md,
        "Gateway CPU per extra fan-out call (S3 slope)",
        fmt(zero.cpuMicrosPerExtraCall(), "%.1f µs"),
        "≤ 15 µs",
        verdict(zero.cpuMicrosPerExtraCall(), 15, false));
    row(
        md,
        "S1 throughput, Mosaic ÷ nginx (lognormal stubs)",
        fmt(realistic.s1VsNginxThroughput(), "%.2f×"),
        "",
        "");
    row(
        md,
        "S2 added p50 (lognormal stubs)",
        fmt(realistic.s2AddedP50Millis(), "%+.3f ms"),
        "",
        "");
    row(
        md,
        "S2 added p99 (lognormal stubs)",
        fmt(realistic.s2AddedP99Millis(), "%+.3f ms"),
        "",
        "");
    return md.append('\n').toString();
  }

  /** S7's section: the targets per hang, then the latency of each phase. */
  static String hungOptional(HungOptionalResult r) {
    StringBuilder md = new StringBuilder("## S7: one optional service hung\n\n");
    md.append(r.setup())
        .append(". Each hung run is split by due time at the first request whose call fell back")
        .append(
            " at once (the open breaker's fallback, read from each answer's Server-Timing).\n\n");
    List<HungOptionalResult.Episode> episodes = r.episodes();
    md.append("| measure | target |");
    episodes.forEach(e -> md.append(' ').append(e.name()).append(" |"));
    md.append("\n|---|---|").append("---|".repeat(episodes.size())).append('\n');
    double baseP99 = LatencyMillis.at(r.baseline(), 99);
    cells(
        md,
        "p99 while hung, before the breaker opened",
        fmt(r.preOpenTargetMillis(), "≤ %.0f ms") + " (timeout + 5 ms)",
        episodes,
        e -> {
          double p99 = LatencyMillis.at(e.preOpen(), 99);
          return fmt(p99, "%.3f ms") + ": " + verdict(p99, r.preOpenTargetMillis(), false);
        });
    cells(
        md,
        "p99 after the breaker opened, over the healthy p99 (" + fmt(baseP99, "%.3f ms") + ")",
        "≤ +1 ms",
        episodes,
        e ->
            fmt(r.postOpenAddedP99Millis(e), "%+.3f ms")
                + " ("
                + fmt(LatencyMillis.at(e.postOpen(), 99), "%.3f")
                + "): "
                + verdict(
                    r.postOpenAddedP99Millis(e),
                    HungOptionalResult.POST_OPEN_MARGIN_MILLIS,
                    false));
    cells(
        md,
        "5xx answers (the failing call is optional)",
        "0",
        episodes,
        e -> e.serverErrors() + ": " + (e.serverErrors() == 0 ? "met" : "**not met**"));
    cells(
        md,
        "other failed requests",
        "0",
        episodes,
        e ->
            (e.otherErrors() == 0
                    ? "0"
                    : e.errors().entrySet().stream()
                        .filter(x -> !x.getKey().equals("http-5xx"))
                        .map(x -> x.getKey() + " " + x.getValue())
                        .collect(Collectors.joining(", ")))
                + ": "
                + (e.otherErrors() == 0 ? "met" : "**not met**"));
    cells(
        md,
        "breaker opened after the hang",
        "",
        episodes,
        e ->
            e.openBeforeHang()
                ? "**already open before the hang**: nothing measured"
                : e.opened()
                    ? String.format(
                        Locale.ROOT,
                        "%.0f ms, %d requests later",
                        e.openAfterMillis(),
                        e.requestsBeforeOpen())
                    : "**never**");
    cells(
        md,
        "calls that reached the hung stub after the hang; more than 5 ms after the open",
        "",
        episodes,
        e ->
            e.stubCallsAfterHang()
                + "; "
                + (e.stubCallsAfterOpen() < 0
                    ? "n/a"
                    : e.stubCallsAfterOpen()
                        + (Double.isNaN(e.lastStubCallVsOpenMillis())
                            ? ""
                            : String.format(
                                Locale.ROOT,
                                " (the last %s the open)",
                                fmt(Math.abs(e.lastStubCallVsOpenMillis()), "%.0f ms")
                                    + (e.lastStubCallVsOpenMillis() <= 0
                                        ? " before"
                                        : " after")))));
    cells(
        md,
        "due after the open but still waited for the timeout; due before it but fell back at once",
        "",
        episodes,
        e -> e.lateTimeouts() + "; " + e.earlyFastFallbacks());
    String settle = fmt(HungOptionalResult.SETTLE_MILLIS, "%.0f ms");
    md.append("\n| run | phase | requests | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    phase(md, "baseline", "healthy", r.baseline());
    for (HungOptionalResult.Episode e : episodes) {
      phase(md, e.name(), "hung, before the breaker opened", e.preOpen());
      phase(md, e.name(), "after the breaker opened", e.postOpen());
      phase(
          md,
          e.name(),
          "*before the open, without its first and last " + settle + "*",
          e.preOpenSteady());
      phase(
          md, e.name(), "*after the open, without its first " + settle + "*", e.postOpenSettled());
      phase(
          md, e.name(), "*the hung call alone before the open (its Server-Timing)*", e.hungCall());
    }
    md.append(
        "\nThe rows in italics only help explain; the targets are judged on the whole phases. ");
    md.append(
        String.format(
            Locale.ROOT,
            "Baseline: %s failed requests, %d whose call fell back.%n%n",
            r.baselineErrors().isEmpty() ? "no" : r.baselineErrors().toString(),
            r.baselineFallbacks()));
    notes(md, r.notes());
    return md.toString();
  }

  private static void cells(
      StringBuilder md,
      String what,
      String target,
      List<HungOptionalResult.Episode> episodes,
      java.util.function.Function<HungOptionalResult.Episode, String> cell) {
    md.append("| ").append(what).append(" | ").append(target).append(" |");
    episodes.forEach(e -> md.append(' ').append(cell.apply(e)).append(" |"));
    md.append('\n');
  }

  private static void phase(
      StringBuilder md, String run, String what, org.HdrHistogram.Histogram h) {
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %d | %s | %s | %s | %s | %s |%n",
            run,
            what,
            h.getTotalCount(),
            fmt(LatencyMillis.at(h, 50), "%.3f"),
            fmt(LatencyMillis.at(h, 90), "%.3f"),
            fmt(LatencyMillis.at(h, 99), "%.3f"),
            fmt(LatencyMillis.at(h, 99.9), "%.3f"),
            fmt(LatencyMillis.max(h), "%.3f")));
  }

  private static void row(
      StringBuilder md, String what, String value, String target, String verdict) {
    md.append("| ")
        .append(what)
        .append(" | ")
        .append(value)
        .append(" | ")
        .append(target)
        .append(" | ")
        .append(verdict)
        .append(" |\n");
  }

  /** A section's notes as a Markdown list, closed by a blank line when there are any. */
  static void notes(StringBuilder md, List<String> notes) {
    notes.forEach(n -> md.append("- ").append(n).append('\n'));
    if (!notes.isEmpty()) {
      md.append('\n');
    }
  }

  static String fmt(double value, String format) {
    return Double.isNaN(value) || Double.isInfinite(value)
        ? "n/a"
        : String.format(Locale.ROOT, format, value);
  }

  static String verdict(double value, double target, boolean atLeast) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "not measured";
    }
    boolean met = atLeast ? value >= target : value <= target;
    if (met) {
      return "met";
    }
    double by = atLeast ? (target - value) / target * 100 : (value - target) / target * 100;
    return String.format(Locale.ROOT, "**short by %.0f%%**", by);
  }

  private static String table(List<ScenarioResult> rows) {
    StringBuilder md =
        new StringBuilder(
            "| scenario | what | saturation /s | offered /s | achieved /s | p50 ms | p90 ms"
                + " | p99 ms | p99.9 ms | max ms | errors | CPU µs/req | status |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (ScenarioResult r : rows) {
      LoadResult m = r.measured();
      String errors =
          m.failed() == 0
              ? "0"
              : m.errors().entrySet().stream()
                  .map(e -> e.getKey() + " " + e.getValue())
                  .collect(Collectors.joining(", "));
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %.0f | %.3f | %.3f | %.3f | %.3f | %.3f | %s | %s | %s |%n",
              r.scenario().id(),
              r.scenario().label(),
              fmt(r.saturation(), "%.0f"),
              m.offeredRate(),
              m.achievedRate(),
              m.millis(50),
              m.millis(90),
              m.millis(99),
              m.millis(99.9),
              m.maxMillis(),
              errors,
              fmt(r.cpuMicrosPerRequest(), "%.1f"),
              r.failed() ? "**failed** (errors > 1%)" : "ok"));
    }
    return md.toString();
  }

  private static String sweeps(List<ScenarioResult> results, String name) {
    List<ScenarioResult> swept = new ArrayList<>();
    for (ScenarioResult r : results) {
      if (!r.sweep().isEmpty()) {
        swept.add(r);
      }
    }
    if (swept.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("## Latency vs load (stubs latency 0)\n\n");
    md.append("![latency vs load](").append(name).append("/latency-vs-load.png)\n\n");
    md.append(
        "| scenario | offered /s | achieved /s | p50 ms | p99 ms | p99.9 ms | errors |\n|---|---|---|---|---|---|---|\n");
    for (ScenarioResult r : swept) {
      for (LoadResult step : r.sweep()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %.0f | %.3f | %.3f | %.3f | %d |%n",
                r.scenario().id(),
                step.offeredRate(),
                step.achievedRate(),
                step.millis(50),
                step.millis(99),
                step.millis(99.9),
                step.failed()));
      }
    }
    return md.append('\n').toString();
  }
}
