package dev.mosaic.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The floor comparison of one run ({@link FloorComparison}): every timed run, and the rows and
 * Mosaic ÷ peer ratios computed from them.
 *
 * @param skipped why the comparison did not run (wrk missing), else null
 * @param failure why it stopped (answers differ, wrk failed), else null; the runs before it are
 *     kept
 * @param notes what the reader should know about this run (nginx missing, ...)
 */
public record FloorResult(
    List<FloorRun> runs,
    int rounds,
    Duration warmup,
    Duration runLength,
    int connections,
    String skipped,
    String failure,
    List<String> notes) {

  public FloorResult {
    runs = List.copyOf(runs);
    notes = List.copyOf(notes);
  }

  static FloorResult skipped(String why) {
    return new FloorResult(List.of(), 0, Duration.ZERO, Duration.ZERO, 0, why, null, List.of());
  }

  /** A workload served by one target, over the rounds. */
  public record Row(FloorWorkload workload, FloorTarget target, List<FloorRun> runs) {

    public Spread requestsPerSecond() {
      return spread(r -> r.wrk().requestsPerSecond());
    }

    public Spread cpuMicros() {
      return spread(FloorRun::cpuMicros);
    }

    public Spread stubsCpuMicros() {
      return spread(FloorRun::stubsCpuMicros);
    }

    public long errors() {
      return runs.stream().mapToLong(r -> r.wrk().errors()).sum();
    }

    public long non2xx() {
      return runs.stream().mapToLong(r -> r.wrk().non2xx()).sum();
    }

    public long socketErrors() {
      return runs.stream().mapToLong(r -> r.wrk().socketErrors()).sum();
    }

    public boolean failed() {
      return runs.stream().anyMatch(FloorRun::failed);
    }

    private Spread spread(ToDoubleFunction<FloorRun> measure) {
      return Spread.of(runs.stream().map(r -> measure.applyAsDouble(r)).toList());
    }
  }

  /** Rows in the order they were measured: per workload, Mosaic, the floor, then nginx. */
  public List<Row> rows() {
    Map<String, List<FloorRun>> byRow = new LinkedHashMap<>();
    for (FloorRun run : runs) {
      byRow
          .computeIfAbsent(run.workload().id() + "/" + run.target(), k -> new ArrayList<>())
          .add(run);
    }
    return byRow.values().stream()
        .map(r -> new Row(r.get(0).workload(), r.get(0).target(), r))
        .toList();
  }

  public Optional<Row> row(String workloadId, FloorTarget target) {
    return rows().stream()
        .filter(r -> r.workload().id().equals(workloadId) && r.target() == target)
        .findFirst();
  }

  /**
   * Mosaic's measure divided by {@code peer}'s for one workload, per round, then the median and
   * range of those ratios: each round's pair ran back to back, so slow drift of the machine hits
   * both sides of a ratio alike. {@link Spread#NONE} when either side is missing or failed.
   */
  public Spread ratio(String workloadId, FloorTarget peer, ToDoubleFunction<FloorRun> measure) {
    Optional<Row> mosaic = row(workloadId, FloorTarget.MOSAIC);
    Optional<Row> other = row(workloadId, peer);
    if (mosaic.isEmpty() || other.isEmpty() || mosaic.get().failed() || other.get().failed()) {
      return Spread.NONE;
    }
    List<Double> ratios = new ArrayList<>();
    for (FloorRun m : mosaic.get().runs()) {
      other.get().runs().stream()
          .filter(o -> o.round() == m.round())
          .findFirst()
          .ifPresent(o -> ratios.add(measure.applyAsDouble(m) / measure.applyAsDouble(o)));
    }
    return Spread.of(ratios);
  }

  /**
   * CPU per extra fan-out call of one target, per round: its CPU per request at width 16 less that
   * at width 1, over the 15 calls between them. {@link Spread#NONE} when either width is missing or
   * failed.
   */
  public Spread extraCallMicros(FloorTarget target) {
    List<Double> slopes = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      slopes.add(extraCallMicros(target, round));
    }
    return Spread.of(slopes);
  }

  /** Mosaic's CPU per extra fan-out call ÷ the floor's, per round. */
  public Spread extraCallRatio() {
    List<Double> ratios = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      ratios.add(
          extraCallMicros(FloorTarget.MOSAIC, round) / extraCallMicros(FloorTarget.FLOOR, round));
    }
    return Spread.of(ratios);
  }

  private double extraCallMicros(FloorTarget target, int round) {
    double narrow = cpuMicros(FloorWorkload.WIDTH_1, target, round);
    double wide = cpuMicros(FloorWorkload.WIDTH_16, target, round);
    return (wide - narrow) / FloorWorkload.EXTRA_CALLS;
  }

  private double cpuMicros(String workloadId, FloorTarget target, int round) {
    return row(workloadId, target)
        .filter(row -> !row.failed())
        .flatMap(row -> row.runs().stream().filter(r -> r.round() == round).findFirst())
        .map(FloorRun::cpuMicros)
        .orElse(Double.NaN);
  }

  /** Whether a ratio is missing because a side failed, rather than because it was not run. */
  public boolean ratioFailed(String workloadId, FloorTarget peer) {
    return row(workloadId, FloorTarget.MOSAIC).map(Row::failed).orElse(false)
        || row(workloadId, peer).map(Row::failed).orElse(false);
  }
}
