package dev.mosaic.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.bench.load.Wrk;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner end to end in seconds (stubs and gateway as separate JVMs from the jars this build
 * just made, S0/S1/S2 with sub-second steps, the floor comparison with 1 s runs when wrk is
 * installed, and S7's hang in a few seconds), so it cannot rot between full runs. The numbers of a
 * smoke run mean nothing; the report's shape, Mosaic's and the floor's identical answers, and the
 * processes' cleanup do.
 */
class ScenarioRunnerSmokeTest {

  @Test
  void smokeRunWritesAReportAndLeavesNoProcessBehind(@TempDir Path work) throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path report = new ScenarioRunner(RunMode.SMOKE, root, work).run("benchmarks/run.sh --smoke");
    String md = Files.readString(report);
    for (String row :
        new String[] {
          "| S0-catalog |",
          "| S1 |",
          "| S2 |",
          "## Headline",
          "S2 added p50",
          "## S7: one optional service hung",
          "| first hang | hung, before the breaker opened |"
        }) {
      assertTrue(md.contains(row), row + " missing from\n" + md);
    }
    assertTrue(md.contains("## Mosaic vs the floor"), md);
    if (Wrk.binary().isPresent()) {
      for (String row :
          new String[] {
            "| S2 composition: CPU µs/req ÷ floor |",
            "| S8 demo product (",
            "byte-identical for ids 1..1000"
          }) {
        assertTrue(md.contains(row), row + " missing from\n" + md);
      }
    } else {
      assertTrue(md.contains("wrk is not installed"), md);
    }
    assertFalse(md.contains("**failed**"), md);
    try (var charts =
        Files.list(report.resolveSibling(report.getFileName().toString().replace(".md", "")))) {
      assertTrue(charts.anyMatch(p -> p.toString().endsWith("latency-zero.png")));
    }
    assertTrue(
        ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
        "stubs and gateway were stopped");
  }
}
