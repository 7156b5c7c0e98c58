package dev.mosaic.bench.report;

import dev.mosaic.bench.scenario.FloorResult;
import dev.mosaic.bench.scenario.FloorRun;
import dev.mosaic.bench.scenario.FloorTarget;
import dev.mosaic.bench.scenario.FloorWorkload;
import dev.mosaic.bench.scenario.Spread;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The report's "Mosaic vs the floor" section: the targets first, then the rows they come from. */
final class FloorSection {

  static final String CHART = "floor-cpu.png";

  private static final ToDoubleFunction<FloorRun> RATE = FloorRun::requestsPerSecond;
  private static final ToDoubleFunction<FloorRun> CPU = FloorRun::cpuMicros;
  private static final ToDoubleFunction<FloorRun> STUBS_CPU = FloorRun::stubsCpuMicros;

  private FloorSection() {}

  /**
   * @param chartLink the chart's path relative to the report, or null when there is none
   */
  static String markdown(FloorResult r, String chartLink) {
    StringBuilder md = new StringBuilder("## Mosaic vs the floor\n\n");
    md.append(
            "The floor is the same work written by hand with Vert.x 5 alone (`benchmarks/src/main/java/dev/")
        .append(
            "mosaic/bench/peer/FloorServer.java`: no rules, no router, no metrics, no tracing), run with the ")
        .append(
            "gateway's JVM options against the same stubs at latency 0: what Mosaic would cost if being ")
        .append("declarative cost nothing. S8 is the demo's product answer (config/gateway.yaml's ")
        .append("`GET /products/{id}` without its cache).\n\n");
    if (r.skipped() != null) {
      return md.append("Not run: ").append(r.skipped()).append(".\n\n").toString();
    }
    md.append(
            String.format(
                Locale.ROOT,
                "Closed loop with wrk (1 thread, %d connections, ids 1..1000); ",
                r.connections()))
        .append(
            r.warmup().isZero()
                ? "no warm-up beyond the answer check; "
                : "every target had "
                    + r.warmup().toSeconds()
                    + " s of load on each workload first; ")
        .append(r.rounds())
        .append(r.rounds() == 1 ? " round" : " rounds")
        .append(" of ")
        .append(r.runLength().toSeconds())
        .append(" s runs, each workload's targets back to back (in the other order ")
        .append(
            "in the next round). Figures are medians over the rounds (min–max); a ratio is the median of each ")
        .append(
            "round's ratio. CPU is the answering process's (nginx with its workers); stubs CPU is what the calls ")
        .append(
            "behind each client request cost the services (the same calls behind Mosaic and the floor, so its ")
        .append(
            "ratio per request is its ratio per call). Any non-2xx answer or socket error fails a row.\n\n");
    if (r.failure() != null) {
      md.append("**failed**: ").append(r.failure()).append("\n\n");
    } else {
      md.append(
          "Mosaic's and the floor's answers were byte-identical for ids 1..1000 of every workload.\n\n");
    }
    if (!r.runs().isEmpty()) {
      md.append(verdicts(r)).append('\n').append(rows(r)).append('\n');
    }
    if (chartLink != null) {
      md.append("![CPU per request, Mosaic vs the floor](").append(chartLink).append(")\n\n");
    }
    ResultsReport.notes(md, r.notes());
    return md.toString();
  }

  private static String verdicts(FloorResult r) {
    StringBuilder md =
        new StringBuilder("| measure | Mosaic ÷ peer | target | verdict |\n|---|---|---|---|\n");
    for (FloorWorkload w : FloorWorkload.all()) {
      switch (w.id()) {
        case "S1" -> {
          ratio(md, r, w, "req/s ÷ floor", FloorTarget.FLOOR, RATE, 0.9, true);
          ratio(md, r, w, "CPU µs/req ÷ floor", FloorTarget.FLOOR, CPU, Double.NaN, false);
          ratio(md, r, w, "CPU µs/req ÷ nginx", FloorTarget.NGINX, CPU, 1.3, false);
        }
        case "S2" -> {
          ratio(md, r, w, "req/s ÷ floor", FloorTarget.FLOOR, RATE, 0.9, true);
          ratio(md, r, w, "CPU µs/req ÷ floor", FloorTarget.FLOOR, CPU, 1.15, false);
        }
        case "S8" -> { // "within 1.3×" both ways
          ratio(md, r, w, "req/s ÷ floor", FloorTarget.FLOOR, RATE, 1 / 1.3, true);
          ratio(md, r, w, "CPU µs/req ÷ floor", FloorTarget.FLOOR, CPU, 1.3, false);
        }
        default -> ratio(md, r, w, "CPU µs/req ÷ floor", FloorTarget.FLOOR, CPU, Double.NaN, false);
      }
    }
    Spread mosaicSlope = r.extraCallMicros(FloorTarget.MOSAIC);
    Spread floorSlope = r.extraCallMicros(FloorTarget.FLOOR);
    Spread slopeRatio = r.extraCallRatio();
    md.append("| S3: CPU per extra fan-out call (width 16 less width 1, over 15 calls), Mosaic ")
        .append(spread(mosaicSlope, "%.1f", " µs"))
        .append(", floor ")
        .append(spread(floorSlope, "%.1f", " µs"))
        .append(" | ")
        .append(spread(slopeRatio, "%.2f", "×"))
        .append(" | ≤ 1.15× | ")
        .append(
            slopeRatio.count() == 0
                ? "not measured"
                : ResultsReport.verdict(slopeRatio.median(), 1.15, false))
        .append(" |\n");
    for (FloorWorkload w : FloorWorkload.all()) {
      ratio(
          md,
          r,
          w,
          "stubs CPU per call, behind Mosaic ÷ behind the floor",
          FloorTarget.FLOOR,
          STUBS_CPU,
          1.0,
          false);
    }
    return md.toString();
  }

  /**
   * @param target NaN when the ratio is shown without a target
   */
  private static void ratio(
      StringBuilder md,
      FloorResult r,
      FloorWorkload workload,
      String what,
      FloorTarget peer,
      ToDoubleFunction<FloorRun> measure,
      double target,
      boolean atLeast) {
    Spread ratio = r.ratio(workload.id(), peer, measure);
    String verdict =
        Double.isNaN(target)
            ? ""
            : r.ratioFailed(workload.id(), peer)
                ? "**failed** (errors)"
                : ResultsReport.verdict(ratio.median(), target, atLeast);
    String stated =
        Double.isNaN(target)
            ? ""
            : (atLeast ? "≥ " : "≤ ") + String.format(Locale.ROOT, "%.2f×", target);
    md.append("| ")
        .append(workload.title())
        .append(": ")
        .append(what)
        .append(" | ")
        .append(spread(ratio, "%.2f", "×"))
        .append(" | ")
        .append(stated)
        .append(" | ")
        .append(verdict)
        .append(" |\n");
  }

  private static String rows(FloorResult r) {
    StringBuilder md =
        new StringBuilder(
            "| workload | target | req/s | CPU µs/req | stubs CPU µs/req | non-2xx | "
                + "socket errors | status |\n|---|---|---|---|---|---|---|---|\n");
    for (FloorResult.Row row : r.rows()) {
      md.append("| ")
          .append(row.workload().title())
          .append(" (")
          .append(row.workload().label())
          .append(") | ")
          .append(row.target().label())
          .append(" | ")
          .append(spread(row.requestsPerSecond(), "%.0f", ""))
          .append(" | ")
          .append(spread(row.cpuMicros(), "%.1f", ""))
          .append(" | ")
          .append(spread(row.stubsCpuMicros(), "%.1f", ""))
          .append(" | ")
          .append(row.non2xx())
          .append(" | ")
          .append(row.socketErrors())
          .append(" | ")
          .append(row.failed() ? "**failed** (errors)" : "ok")
          .append(" |\n");
    }
    return md.toString();
  }

  /** "1.23× (1.20–1.31)"; the range is left out when there was one value. */
  static String spread(Spread s, String format, String unit) {
    if (s.count() == 0) {
      return "n/a";
    }
    String median = String.format(Locale.ROOT, format, s.median()) + unit;
    if (s.count() == 1) {
      return median;
    }
    return median
        + " ("
        + String.format(Locale.ROOT, format, s.min())
        + "–"
        + String.format(Locale.ROOT, format, s.max())
        + ")";
  }
}
