package dev.mosaic.bench.scenario;

import dev.mosaic.bench.load.HttpTarget;
import dev.mosaic.bench.load.LoadResult;
import dev.mosaic.bench.load.OpenLoopLoad;
import dev.mosaic.bench.load.Saturation;
import dev.mosaic.bench.proc.ManagedProcess;
import dev.mosaic.bench.report.ResultsReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs every scenario against stubs, gateway and nginx started as separate processes, under two
 * stub latency variants, and writes the report. {@code benchmarks/run.sh [--quick]} builds and
 * calls this; {@code --smoke} is what the test suite runs.
 *
 * <p>Per scenario: closed-loop saturation (64 connections), then an open-loop run at half of it
 * whose latency and CPU are reported; S1, S2 and nginx are also swept across load. The direct
 * calls S2 is compared with are measured again at S2's rate, so the subtraction compares like
 * with like.
 */
public final class ScenarioRunner {

  static final int SATURATION_CONNECTIONS = 64;
  static final String ZERO = "latency 0";
  static final String REALISTIC = "lognormal p50 5ms p99 25ms";

  private final RunMode mode;
  private final Path root;
  private final Path workDir;

  ScenarioRunner(RunMode mode, Path root, Path workDir) {
    this.mode = mode;
    this.root = root;
    this.workDir = workDir;
  }

  public static void main(String[] args) throws Exception {
    RunMode mode = RunMode.FULL;
    Path root = Path.of(".");
    for (String arg : args) {
      switch (arg) {
        case "--quick" -> mode = RunMode.QUICK;
        case "--smoke" -> mode = RunMode.SMOKE;
        case "--full" -> mode = RunMode.FULL;
        default -> root = Path.of(arg);
      }
    }
    String command = "benchmarks/run.sh" + (mode == RunMode.FULL ? "" : " --" + mode.name());
    Path report = new ScenarioRunner(mode, root, root.resolve("benchmarks/target/run-" + mode.name())).run(command);
    System.out.println("report: " + report);
    System.exit(0); // stray non-daemon threads must not keep a finished run alive
  }

  /** Runs everything and returns the report's path. */
  Path run(String command) throws Exception {
    Instant started = Instant.now();
    List<ScenarioResult> results = new ArrayList<>();
    List<ScenarioResult> s2Floor = new ArrayList<>();
    try (Stack stack = Stack.start(root, workDir, mode.peers()); OpenLoopLoad load = new OpenLoopLoad()) {
      warmUp(stack, load);
      for (String variant : List.of(ZERO, REALISTIC)) {
        List<Scenario> scenarios = Scenario.all().stream().filter(s -> included(s, variant, stack)).toList();
        if (scenarios.isEmpty()) {
          continue;
        }
        stack.stubLatency(variant.equals(ZERO) ? "0" : "{\"p50\": \"5ms\", \"p99\": \"25ms\"}");
        for (Scenario scenario : scenarios) {
          ScenarioResult result = measure(stack, load, scenario, variant);
          results.add(result);
          log(result);
          if (scenario.id().equals("S2")) {
            s2Floor.addAll(floorFor(stack, load, result, variant));
          }
        }
      }
      Path out = mode.commit() ? root.resolve("benchmarks/results") : workDir;
      return new ResultsReport(mode, root, out, command, started, stack.nginxNote)
          .write(results, s2Floor, Headline.of(results, s2Floor.stream().filter(r -> r.variant().equals(ZERO)).toList(), ZERO),
              Headline.of(results, s2Floor.stream().filter(r -> r.variant().equals(REALISTIC)).toList(), REALISTIC));
    }
  }

  private boolean included(Scenario scenario, String variant, Stack stack) {
    if (scenario.target() == Scenario.Target.NGINX && stack.nginx == null) {
      return false;
    }
    if (mode == RunMode.SMOKE && !List.of("S0-catalog", "S1", "S2").contains(scenario.id())) {
      return false;
    }
    if (variant.equals(REALISTIC) && mode == RunMode.SMOKE) {
      return false;
    }
    return variant.equals(ZERO) || mode.realisticForAll() || List.of("S1", "S1-nginx", "S2").contains(scenario.id());
  }

  private void warmUp(Stack stack, OpenLoopLoad load) throws InterruptedException {
    // The JIT needs traffic through every path, in every process, before anything is timed: a
    // fresh gateway served 1.5k req/s on one path and 19k after 12 s of load (shared/VERTX5.md
    // saw CPU per request halve between 3 s and 10 s of warm-up). Two rounds over every scenario.
    List<Scenario> all = Scenario.all().stream().filter(s -> included(s, ZERO, stack)).toList();
    Duration each = mode.warmup().dividedBy(2L * all.size());
    for (int round = 0; round < 2; round++) {
      for (Scenario scenario : all) {
        Saturation.measure(load, HttpTarget.of(stack.url(scenario)).withIds(scenario.ids()),
            SATURATION_CONNECTIONS, each);
      }
    }
  }

  private ScenarioResult measure(Stack stack, OpenLoopLoad load, Scenario scenario, String variant)
      throws InterruptedException {
    HttpTarget target = HttpTarget.of(stack.url(scenario)).withIds(scenario.ids());
    double saturation = Saturation.measure(load, target, SATURATION_CONNECTIONS, mode.saturation());
    int rate = (int) Math.max(10, saturation * RunMode.REPORT_LOAD);
    ManagedProcess answering = stack.answering(scenario);
    long cpuBefore = answering.cpuNanos();
    LoadResult measured = load.run(target, rate, mode.measure());
    long cpuAfter = answering.cpuNanos();
    double cpuMicros = cpuBefore < 0 || cpuAfter < 0 || measured.ok() == 0 ? Double.NaN
        : (cpuAfter - cpuBefore) / 1000.0 / measured.sent();
    List<LoadResult> sweep = new ArrayList<>();
    if (scenario.sweep() && variant.equals(ZERO)) {
      for (double fraction : mode.sweepFractions()) {
        sweep.add(load.run(target, (int) Math.max(10, saturation * fraction), mode.sweepStep()));
      }
    }
    return new ScenarioResult(scenario, variant, saturation, measured, cpuMicros, sweep);
  }

  /** The three direct calls S2 makes, each at S2's own rate. */
  private List<ScenarioResult> floorFor(Stack stack, OpenLoopLoad load, ScenarioResult s2, String variant)
      throws InterruptedException {
    List<ScenarioResult> floor = new ArrayList<>();
    for (Scenario direct : Scenario.all()) {
      if (!direct.id().startsWith("S0-")) {
        continue;
      }
      LoadResult measured = load.run(HttpTarget.of(stack.url(direct)), s2.measured().offeredRate(), mode.measure());
      floor.add(new ScenarioResult(direct, variant, Double.NaN, measured, Double.NaN, List.of()));
    }
    return floor;
  }

  private static void log(ScenarioResult r) {
    LoadResult m = r.measured();
    System.out.printf(Locale.ROOT, "%-12s %-26s sat=%8.0f/s rate=%6d/s p50=%7.3fms p99=%7.3fms max=%8.3fms "
            + "errors=%d cpu=%6.1fµs/req%s%n",
        r.scenario().id(), r.variant(), r.saturation(), m.offeredRate(), m.millis(50), m.millis(99), m.maxMillis(),
        m.failed(), r.cpuMicrosPerRequest(), r.failed() ? "  FAILED (error rate over 1%)" : "");
  }
}
