package dev.mosaic.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.bench.load.WrkResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows and Mosaic ÷ peer ratios of the floor comparison, on made-up runs. */
class FloorResultTest {

  private static final FloorWorkload S1 = FloorWorkload.all().get(0);
  private static final FloorWorkload S2 = FloorWorkload.all().get(1);

  private static FloorRun run(
      FloorWorkload w, FloorTarget t, int round, double rate, double cpu, long errors) {
    return new FloorRun(
        w, t, round, new WrkResult((long) (rate * 10), 10, rate, errors, 0, 1, 2), cpu, cpu / 2);
  }

  private static FloorResult result(List<FloorRun> runs) {
    return new FloorResult(
        runs, 3, Duration.ofSeconds(30), Duration.ofSeconds(10), 64, null, null, List.of());
  }

  @Test
  void aRatioIsTheMedianOfEachRoundsRatioNotTheRatioOfMedians() {
    List<FloorRun> runs = new ArrayList<>();
    double[][] mosaicFloorCpu = {{12, 10}, {30, 20}, {11, 10}}; // per-round ratios 1.2, 1.5, 1.1
    for (int round = 1; round <= 3; round++) {
      runs.add(run(S2, FloorTarget.MOSAIC, round, 1000, mosaicFloorCpu[round - 1][0], 0));
      runs.add(run(S2, FloorTarget.FLOOR, round, 1000, mosaicFloorCpu[round - 1][1], 0));
    }
    FloorResult r = result(runs);
    Spread ratio = r.ratio("S2", FloorTarget.FLOOR, FloorRun::cpuMicros);
    assertEquals(1.2, ratio.median(), 1e-9);
    assertEquals(1.1, ratio.min(), 1e-9);
    assertEquals(1.5, ratio.max(), 1e-9);
    assertEquals(1.2, r.ratio("S2", FloorTarget.FLOOR, FloorRun::stubsCpuMicros).median(), 1e-9);
    assertEquals(
        new Spread(12, 11, 30, 3), r.row("S2", FloorTarget.MOSAIC).orElseThrow().cpuMicros());
  }

  @Test
  void theCostOfAnExtraCallIsEachRoundsWidthDifferenceOverFifteenCalls() {
    FloorWorkload narrow = workload(FloorWorkload.WIDTH_1);
    FloorWorkload wide = workload(FloorWorkload.WIDTH_16);
    List<FloorRun> runs = new ArrayList<>();
    double[][] mosaicNarrowWide = {{40, 400}, {50, 350}, {45, 495}}; // 24, 20, 30 µs per call
    double[][] floorNarrowWide = {{30, 330}, {30, 330}, {30, 330}}; // 20 µs per call
    for (int round = 1; round <= 3; round++) {
      runs.add(run(narrow, FloorTarget.MOSAIC, round, 1, mosaicNarrowWide[round - 1][0], 0));
      runs.add(run(wide, FloorTarget.MOSAIC, round, 1, mosaicNarrowWide[round - 1][1], 0));
      runs.add(run(narrow, FloorTarget.FLOOR, round, 1, floorNarrowWide[round - 1][0], 0));
      runs.add(run(wide, FloorTarget.FLOOR, round, 1, floorNarrowWide[round - 1][1], 0));
    }
    FloorResult r = result(runs);
    assertEquals(new Spread(24, 20, 30, 3), r.extraCallMicros(FloorTarget.MOSAIC));
    assertEquals(20, r.extraCallMicros(FloorTarget.FLOOR).median(), 1e-9);
    assertEquals(1.2, r.extraCallRatio().median(), 1e-9);
    assertEquals(1.0, r.extraCallRatio().min(), 1e-9);
  }

  @Test
  void aFailedWidthLeavesTheCostOfAnExtraCallUnmeasured() {
    FloorResult r =
        result(
            List.of(
                run(workload(FloorWorkload.WIDTH_1), FloorTarget.MOSAIC, 1, 1, 40, 0),
                run(workload(FloorWorkload.WIDTH_16), FloorTarget.MOSAIC, 1, 1, 400, 2)));
    assertEquals(Spread.NONE, r.extraCallMicros(FloorTarget.MOSAIC));
    assertEquals(Spread.NONE, r.extraCallRatio());
  }

  private static FloorWorkload workload(String id) {
    return FloorWorkload.all().stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void rowsKeepTheOrderTheyWereMeasuredIn() {
    FloorResult r =
        result(
            List.of(
                run(S1, FloorTarget.MOSAIC, 1, 1, 1, 0),
                run(S1, FloorTarget.FLOOR, 1, 1, 1, 0),
                run(S1, FloorTarget.NGINX, 1, 1, 1, 0),
                run(S2, FloorTarget.FLOOR, 1, 1, 1, 0),
                run(S2, FloorTarget.MOSAIC, 1, 1, 1, 0),
                run(S2, FloorTarget.MOSAIC, 2, 1, 1, 0)));
    assertEquals(
        List.of("S1 MOSAIC", "S1 FLOOR", "S1 NGINX", "S2 FLOOR", "S2 MOSAIC"),
        r.rows().stream().map(row -> row.workload().id() + " " + row.target()).toList());
    assertEquals(2, r.row("S2", FloorTarget.MOSAIC).orElseThrow().runs().size());
  }

  @Test
  void oneRunWithErrorsFailsItsRowAndEveryRatioItIsPartOf() {
    FloorResult r =
        result(
            List.of(
                run(S1, FloorTarget.MOSAIC, 1, 900, 10, 0),
                run(S1, FloorTarget.FLOOR, 1, 1000, 8, 0),
                run(S1, FloorTarget.NGINX, 1, 1200, 5, 3)));
    assertTrue(r.row("S1", FloorTarget.NGINX).orElseThrow().failed());
    assertEquals(Spread.NONE, r.ratio("S1", FloorTarget.NGINX, FloorRun::cpuMicros));
    assertTrue(r.ratioFailed("S1", FloorTarget.NGINX));
    assertEquals(
        0.9, r.ratio("S1", FloorTarget.FLOOR, run -> run.wrk().requestsPerSecond()).median(), 1e-9);
    assertFalse(r.ratioFailed("S1", FloorTarget.FLOOR));
  }

  @Test
  void aPeerThatDidNotRunGivesNoRatioButIsNoFailure() {
    FloorResult r =
        result(
            List.of(
                run(S1, FloorTarget.MOSAIC, 1, 900, 10, 0),
                run(S1, FloorTarget.FLOOR, 1, 1000, 8, 0)));
    assertEquals(Spread.NONE, r.ratio("S1", FloorTarget.NGINX, FloorRun::cpuMicros));
    assertFalse(r.ratioFailed("S1", FloorTarget.NGINX));
  }
}
