package dev.mosaic.bench.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.bench.load.WrkResult;
import dev.mosaic.bench.scenario.FloorResult;
import dev.mosaic.bench.scenario.FloorRun;
import dev.mosaic.bench.scenario.FloorTarget;
import dev.mosaic.bench.scenario.FloorWorkload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report's floor section: verdicts against the targets, failed rows, and a comparison that did
 * not run.
 */
class FloorSectionTest {

  private static FloorRun run(
      FloorWorkload w, FloorTarget t, int round, double rate, double cpu, long errors) {
    return new FloorRun(
        w, t, round, new WrkResult((long) rate * 10, 10, rate, 0, errors, 1, 2), cpu, 10);
  }

  private static FloorResult result(List<FloorRun> runs, String failure) {
    return new FloorResult(
        runs,
        3,
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        64,
        null,
        failure,
        List.of("a note"));
  }

  @Test
  void judgesEachRatioAgainstItsTarget() {
    List<FloorRun> runs = new ArrayList<>();
    for (int round = 1; round <= 3; round++) {
      for (FloorWorkload w : FloorWorkload.all()) {
        runs.add(
            run(
                w,
                FloorTarget.MOSAIC,
                round,
                950,
                11 + round,
                0)); // CPU 12, 13, 14 over the floor's 10
        runs.add(run(w, FloorTarget.FLOOR, round, 1000, 10, 0));
      }
    }
    runs.add(run(FloorWorkload.all().get(0), FloorTarget.NGINX, 1, 1500, 10, 7));
    String md = FloorSection.markdown(result(runs, null), "run/floor-cpu.png");
    assertTrue(
        md.contains(
            "| S2 composition: CPU µs/req ÷ floor | 1.30× (1.20–1.40) | ≤ 1.15× | **short by 13%** |"),
        md);
    assertTrue(
        md.contains("| S8 demo product: CPU µs/req ÷ floor | 1.30× (1.20–1.40) | ≤ 1.30× | met |"),
        md);
    assertTrue(
        md.contains("| S2 composition: req/s ÷ floor | 0.95× (0.95–0.95) | ≥ 0.90× | met |"), md);
    assertTrue(
        md.contains("| S1 passthrough: CPU µs/req ÷ nginx | n/a | ≤ 1.30× | **failed** (errors) |"),
        md);
    assertTrue(
        md.contains(
            "| S1 passthrough (one call, streamed) | nginx | 1500 | 10.0 | 10.0 | 0 | 7 | **failed** (errors) |"),
        md);
    assertTrue(md.contains("byte-identical for ids 1..1000"), md);
    assertTrue(md.contains("![CPU per request, Mosaic vs the floor](run/floor-cpu.png)"), md);
    assertTrue(md.contains("- a note"), md);
  }

  @Test
  void aDifferenceInTheAnswersFailsTheSection() {
    String md = FloorSection.markdown(result(List.of(), "S8: id 7 differs: ..."), null);
    assertTrue(md.contains("**failed**: S8: id 7 differs"), md);
    assertFalse(md.contains("byte-identical for ids"), md);
    assertFalse(md.contains("| measure |"), md);
  }

  @Test
  void withoutWrkTheSectionSaysWhyNothingRan() {
    String md =
        FloorSection.markdown(
            new FloorResult(
                List.of(),
                0,
                Duration.ZERO,
                Duration.ZERO,
                0,
                "wrk is not installed",
                null,
                List.of()),
            null);
    assertTrue(md.contains("## Mosaic vs the floor"), md);
    assertTrue(md.contains("Not run: wrk is not installed."), md);
    assertFalse(md.contains("| measure |"), md);
  }
}
