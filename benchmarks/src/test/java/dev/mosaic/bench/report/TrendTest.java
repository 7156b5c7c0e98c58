package dev.mosaic.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.bench.scenario.Headline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trend.csv gains the floor ratios without losing or breaking the rows written before them. */
class TrendTest {

  @Test
  void anOldFileGetsTheNewColumnsEmptyInItsOldRows(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("trend.csv");
    Files.write(
        csv,
        List.of(
            "run,s1_vs_nginx,s2_added_p50_ms,s2_added_p99_ms,cpu_us_per_extra_call",
            "2026-11-24-b75aac3,0.582,0.155,156.848,17.00"),
        StandardCharsets.UTF_8);
    Trend.append(csv, "2026-12-03-abc1234", new Headline(0.9, 0.2, 1.5, 12.5), null);
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertEquals(
        List.of(
            "run,s1_vs_nginx,s2_added_p50_ms,s2_added_p99_ms,cpu_us_per_extra_call,s2_cpu_vs_floor,s2_rps_vs_floor",
            "2026-11-24-b75aac3,0.582,0.155,156.848,17.00,,",
            "2026-12-03-abc1234,0.900,0.200,1.500,12.50,NaN,NaN"),
        lines);
    Trend.addFloorColumns(csv); // once is enough
    assertEquals(lines, Files.readAllLines(csv, StandardCharsets.UTF_8));

    String page = Trend.resultsPage("2026-12-03-abc1234", "# run\n", csv, dir);
    assertTrue(
        page.contains(
            "| [2026-11-24-b75aac3](results/2026-11-24-b75aac3.md) | 0.582 | 0.155 | 156.848 | 17.00 |  |  |"),
        page);
    assertTrue(page.contains("| S2 CPU/req ÷ floor | S2 req/s ÷ floor |"), page);
  }
}
