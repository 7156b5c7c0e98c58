package dev.mosaic.bench.report;

import dev.mosaic.bench.load.LoadResult;
import dev.mosaic.bench.scenario.FloorResult;
import dev.mosaic.bench.scenario.FloorTarget;
import dev.mosaic.bench.scenario.HungOptionalResult;
import dev.mosaic.bench.scenario.ScenarioResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The run's charts as PNG files (XChart, headless): people compare curves, not tables. */
final class Charts {

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** p50, p99 and p99.9 per scenario of one latency variant. */
  static void percentiles(List<ScenarioResult> results, String variant, Path file)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1100)
            .height(520)
            .title("Latency at 50% of saturation — stubs " + variant)
            .xAxisTitle("scenario")
            .yAxisTitle("ms")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setXAxisLabelRotation(30); // bars start at 0, so no log axis here
    chart.getStyler().setAvailableSpaceFill(0.8);
    List<String> ids = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> p999 = new ArrayList<>();
    for (ScenarioResult r : results) {
      if (r.variant().equals(variant) && r.measured().latency().getTotalCount() > 0) {
        ids.add(r.scenario().id());
        p50.add(Math.max(0.001, r.measured().millis(50)));
        p99.add(Math.max(0.001, r.measured().millis(99)));
        p999.add(Math.max(0.001, r.measured().millis(99.9)));
      }
    }
    if (ids.isEmpty()) {
      return;
    }
    chart.addSeries("p50", ids, p50);
    chart.addSeries("p99", ids, p99);
    chart.addSeries("p99.9", ids, p999);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Latency against offered load for every swept scenario: where the knee is. */
  static void sweep(List<ScenarioResult> results, Path file) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(1100)
            .height(520)
            .title("Latency vs load (stubs latency 0)")
            .xAxisTitle("offered requests/s")
            .yAxisTitle("ms")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setYAxisLogarithmic(true);
    boolean any = false;
    for (ScenarioResult r : results) {
      if (r.sweep().isEmpty()) {
        continue;
      }
      List<Double> rates = new ArrayList<>();
      List<Double> p50 = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      for (LoadResult step : r.sweep()) {
        if (step.latency().getTotalCount() == 0) {
          continue;
        }
        rates.add((double) step.offeredRate());
        p50.add(Math.max(0.001, step.millis(50)));
        p99.add(Math.max(0.001, step.millis(99)));
      }
      if (rates.isEmpty()) {
        continue;
      }
      chart.addSeries(r.scenario().id() + " p50", rates, p50).setMarker(SeriesMarkers.CIRCLE);
      chart.addSeries(r.scenario().id() + " p99", rates, p99).setMarker(SeriesMarkers.DIAMOND);
      any = true;
    }
    if (any) {
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
  }

  /** Gateway CPU per request against fan-out width, with the least-squares line. */
  static void cpuByWidth(List<ScenarioResult> results, String variant, double slope, Path file)
      throws IOException {
    List<Double> widths = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (ScenarioResult r : results) {
      if (r.scenario().isFanOutWidth()
          && r.variant().equals(variant)
          && !Double.isNaN(r.cpuMicrosPerRequest())) {
        widths.add((double) r.scenario().width());
        cpu.add(r.cpuMicrosPerRequest());
      }
    }
    if (widths.size() < 2) {
      return;
    }
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(480)
            .title(
                String.format(
                    java.util.Locale.ROOT,
                    "Gateway CPU per request by fan-out width (%.1f µs per extra call)",
                    slope))
            .xAxisTitle("calls per request")
            .yAxisTitle("CPU µs per request")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    XYSeries measured = chart.addSeries("measured", widths, cpu);
    measured.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    measured.setMarker(SeriesMarkers.CIRCLE);
    double meanX = widths.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double meanY = cpu.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double intercept = meanY - slope * meanX;
    double maxX = widths.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    chart
        .addSeries("fit", List.of(0.0, maxX), List.of(intercept, intercept + slope * maxX))
        .setMarker(SeriesMarkers.NONE);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /**
   * CPU per request of Mosaic and of the floor for each workload of the floor comparison (medians).
   */
  static boolean floorCpu(FloorResult r, Path file) throws IOException {
    List<String> workloads = new ArrayList<>();
    List<Double> mosaic = new ArrayList<>();
    List<Double> floor = new ArrayList<>();
    for (FloorResult.Row row : r.rows()) {
      if (row.target() != FloorTarget.MOSAIC || row.cpuMicros().count() == 0) {
        continue;
      }
      r.row(row.workload().id(), FloorTarget.FLOOR)
          .filter(f -> f.cpuMicros().count() > 0)
          .ifPresent(
              f -> {
                workloads.add(row.workload().title());
                mosaic.add(row.cpuMicros().median());
                floor.add(f.cpuMicros().median());
              });
    }
    if (workloads.isEmpty()) {
      return false;
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1000)
            .height(480)
            .title(
                "CPU per request, Mosaic vs the floor (median of "
                    + r.rounds()
                    + (r.rounds() == 1 ? " run" : " runs")
                    + ", stubs latency 0)")
            .xAxisTitle("workload")
            .yAxisTitle("CPU µs per request")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setAvailableSpaceFill(0.6);
    chart.addSeries("Mosaic", workloads, mosaic);
    chart.addSeries("floor (hand-written Vert.x)", workloads, floor);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return true;
  }

  /**
   * S7: every request's latency against its due time, the hang at 0 and the breaker's opening
   * marked.
   */
  static void hungTimeline(HungOptionalResult r, Path file) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(1100)
            .height(480)
            .title(
                "S7: latency of each request at "
                    + r.rate()
                    + " req/s; the stub hangs at 0 (the run goes on to "
                    + Math.round(
                        r.episodes().stream()
                                .mapToDouble(
                                    e ->
                                        e.timelineMillis().length == 0
                                            ? 0
                                            : e.timelineMillis()[e.timelineMillis().length - 1])
                                .max()
                                .orElse(0)
                            / 1000)
                    + " s)")
            .xAxisTitle("due time, ms after the hang")
            .yAxisTitle("ms")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(3);
    chart.getStyler().setXAxisDecimalPattern("#");
    // the hang and the opening are the interesting part: from just before the hang to a second
    // after the open
    double first = -250;
    double last =
        r.episodes().stream()
                .filter(HungOptionalResult.Episode::opened)
                .mapToDouble(HungOptionalResult.Episode::openAfterMillis)
                .max()
                .orElse(2000)
            + 1000;
    for (HungOptionalResult.Episode e : r.episodes()) {
      List<Double> at = new ArrayList<>();
      List<Double> latency = new ArrayList<>();
      for (int i = 0; i < e.timelineMillis().length; i++) {
        if (e.timelineMillis()[i] >= first && e.timelineMillis()[i] <= last) {
          at.add(e.timelineMillis()[i]);
          latency.add(Math.max(0.01, e.timelineLatency()[i]));
        }
      }
      if (at.isEmpty()) {
        continue;
      }
      XYSeries requests = chart.addSeries(e.name(), at, latency);
      requests.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      requests.setMarker(SeriesMarkers.CIRCLE);
      if (e.opened()) {
        chart
            .addSeries(
                e.name() + ": breaker opened",
                new double[] {e.openAfterMillis(), e.openAfterMillis()},
                new double[] {0.01, 1000})
            .setMarker(SeriesMarkers.NONE);
      }
    }
    if (chart.getSeriesMap().isEmpty()) {
      return;
    }
    chart
        .addSeries(
            "timeout + 5 ms",
            new double[] {first, last},
            new double[] {r.preOpenTargetMillis(), r.preOpenTargetMillis()})
        .setMarker(SeriesMarkers.NONE);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
