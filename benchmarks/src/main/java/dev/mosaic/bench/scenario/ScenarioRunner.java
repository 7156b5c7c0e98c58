package dev.mosaic.bench.scenario;

import dev.mosaic.bench.load.HttpTarget;
import dev.mosaic.bench.load.LatencyMillis;
import dev.mosaic.bench.load.LoadResult;
import dev.mosaic.bench.load.OpenLoopLoad;
import dev.mosaic.bench.load.Saturation;
import dev.mosaic.bench.load.Wrk;
import dev.mosaic.bench.proc.ManagedProcess;
import dev.mosaic.bench.report.ResultsReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Runs every scenario against stubs, gateway and nginx started as separate processes, under two
 * stub latency variants, and writes the report. {@code benchmarks/run.sh [--quick]} builds and
 * calls this; {@code --smoke} is what the test suite runs. {@code --only S7} (ids, or prefixes such
 * as S3, comma-separated) runs only those scenarios and writes under benchmarks/target/ only.
 *
 * <p>Per scenario: closed-loop saturation (64 connections), then an open-loop run at half of it
 * whose latency and CPU are reported; S1, S2 and nginx are also swept across load. The direct calls
 * S2 is compared with are measured again at S2's rate, so the subtraction compares like with like.
 * Then Mosaic beside the hand-written floor ({@link FloorComparison}; {@code --only FLOOR} runs it
 * alone). S7 (one optional service hung, {@link HungOptional}) runs last, at a fixed rate: it hangs
 * a stub other scenarios use, and restores it when done.
 */
public final class ScenarioRunner {

  /** The {@code --only} id of the floor comparison. */
  static final String FLOOR = "FLOOR";

  static final int SATURATION_CONNECTIONS = 64;
  static final String ZERO = "latency 0";
  static final String REALISTIC = "lognormal p50 5ms p99 25ms";

  private final RunMode mode;
  private final Path root;
  private final Path workDir;

  /** Scenario ids or prefixes to run; empty runs everything. */
  private final Set<String> only;

  ScenarioRunner(RunMode mode, Path root, Path workDir) {
    this(mode, root, workDir, Set.of());
  }

  ScenarioRunner(RunMode mode, Path root, Path workDir, Set<String> only) {
    this.mode = mode;
    this.root = root;
    this.workDir = workDir;
    this.only = only;
  }

  public static void main(String[] args) throws Exception {
    RunMode mode = RunMode.FULL;
    Path root = Path.of(".");
    Set<String> only = Set.of();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("--only")) {
        String ids =
            arg.startsWith("--only=")
                ? arg.substring("--only=".length())
                : i + 1 < args.length ? args[++i] : "";
        if (ids.isBlank()) {
          System.err.println("usage: benchmarks/run.sh [--quick] [--only S7[,S2,FLOOR,...]]");
          System.exit(2);
        }
        only =
            Set.copyOf(
                java.util.Arrays.asList(ids.trim().toUpperCase(Locale.ROOT).split("\\s*,\\s*")));
        continue;
      }
      switch (arg) {
        case "--quick" -> mode = RunMode.QUICK;
        case "--smoke" -> mode = RunMode.SMOKE;
        case "--full" -> mode = RunMode.FULL;
        default -> root = Path.of(arg);
      }
    }
    String filter =
        only.isEmpty() ? "" : " --only " + String.join(",", new java.util.TreeSet<>(only));
    String command =
        "benchmarks/run.sh" + (mode.equals(RunMode.FULL) ? "" : " --" + mode.name()) + filter;
    Path workDir =
        root.resolve(
            "benchmarks/target/run-"
                + mode.name()
                + (only.isEmpty()
                    ? ""
                    : "-only-" + String.join("-", new java.util.TreeSet<>(only))));
    Path report = new ScenarioRunner(mode, root, workDir, only).run(command);
    System.out.println("report: " + report);
    System.exit(0); // stray non-daemon threads must not keep a finished run alive
  }

  /** Runs everything and returns the report's path. */
  Path run(String command) throws Exception {
    Instant started = Instant.now();
    List<ScenarioResult> results = new ArrayList<>();
    List<ScenarioResult> s2Direct = new ArrayList<>();
    HungOptionalResult hung = null;
    FloorResult floor = null;
    Optional<String> wrk = selectedFloor() ? Wrk.binary() : Optional.empty();
    try (Stack stack = Stack.start(root, workDir, mode.peers() && wantsNginx(), wrk.isPresent());
        OpenLoopLoad load = new OpenLoopLoad()) {
      warmUp(stack, load);
      for (String variant : List.of(ZERO, REALISTIC)) {
        List<Scenario> scenarios =
            Scenario.all().stream().filter(s -> included(s, variant, stack)).toList();
        if (scenarios.isEmpty()) {
          continue;
        }
        stack.stubLatency(variant.equals(ZERO) ? "0" : "{\"p50\": \"5ms\", \"p99\": \"25ms\"}");
        for (Scenario scenario : scenarios) {
          ScenarioResult result = measure(stack, load, scenario, variant);
          results.add(result);
          log(result);
          if (scenario.id().equals("S2")) {
            s2Direct.addAll(directCallsFor(stack, load, result, variant));
          }
        }
      }
      if (selectedFloor()) {
        if (wrk.isPresent()) {
          stack.stubLatency("0");
          floor = new FloorComparison(stack, mode, Wrk.prepare(wrk.get(), workDir)).run();
        } else {
          floor =
              FloorResult.skipped(
                  "wrk is not installed (Debian package wrk; benchmarks/run.sh installs it)");
          System.out.println("FLOOR comparison skipped: " + floor.skipped());
        }
      }
      if (selected(HungOptional.SCENARIO)) { // last: it hangs the reviews stub that S0 and S2 use
        hung = HungOptional.run(stack, load, mode, root, workDir);
        log(hung);
      }
      boolean commit = mode.commit() && only.isEmpty();
      Path out = commit ? root.resolve("benchmarks/results") : workDir;
      String notRun = only.isEmpty() ? null : String.join(",", new java.util.TreeSet<>(only));
      return new ResultsReport(mode, commit, root, out, command, started, stack.nginxNote, notRun)
          .write(
              results,
              s2Direct,
              Headline.of(
                  results, s2Direct.stream().filter(r -> r.variant().equals(ZERO)).toList(), ZERO),
              Headline.of(
                  results,
                  s2Direct.stream().filter(r -> r.variant().equals(REALISTIC)).toList(),
                  REALISTIC),
              hung,
              floor);
    }
  }

  /**
   * Whether {@code --only} (if given) names this scenario, by id or by the prefix before its '-'.
   */
  private boolean selected(Scenario scenario) {
    String id = scenario.id().toUpperCase(Locale.ROOT);
    return only.isEmpty() || only.stream().anyMatch(o -> id.equals(o) || id.startsWith(o + "-"));
  }

  /**
   * Whether the floor comparison runs: in every full, quick and smoke run, and with --only FLOOR.
   */
  private boolean selectedFloor() {
    return only.isEmpty() || only.contains(FLOOR);
  }

  private boolean wantsNginx() {
    return selectedFloor() // S1's peer in the floor comparison
        || Scenario.all().stream()
            .anyMatch(s -> s.target() == Scenario.Target.NGINX && selected(s));
  }

  private boolean included(Scenario scenario, String variant, Stack stack) {
    if (!selected(scenario)) {
      return false;
    }
    if (scenario.target() == Scenario.Target.NGINX && stack.nginx == null) {
      return false;
    }
    if (mode.equals(RunMode.SMOKE) && !List.of("S0-catalog", "S1", "S2").contains(scenario.id())) {
      return false;
    }
    if (variant.equals(REALISTIC) && mode.equals(RunMode.SMOKE)) {
      return false;
    }
    return variant.equals(ZERO)
        || mode.realisticForAll()
        || List.of("S1", "S1-nginx", "S2").contains(scenario.id());
  }

  private void warmUp(Stack stack, OpenLoopLoad load) throws InterruptedException {
    // The JIT needs traffic through every path, in every process, before anything is timed: a
    // fresh gateway served 1.5k req/s on one path and 19k after 12 s of load, and CPU per request
    // halved between 3 s and 10 s of warm-up. Two rounds over every scenario.
    List<Scenario> all =
        new ArrayList<>(Scenario.all().stream().filter(s -> included(s, ZERO, stack)).toList());
    boolean s7 = selected(HungOptional.SCENARIO);
    if (s7 && all.stream().noneMatch(s -> s.id().equals("S2"))) {
      // S2 runs the same code as S7 (3-way fan-out, template) without S7's 50 ms timeout: the JIT
      // warms up on it at saturation, and S7's own path only gently (below)
      Scenario.all().stream().filter(s -> s.id().equals("S2")).forEach(all::add);
    }
    if (all.isEmpty()) {
      return;
    }
    // a run of one or two scenarios (--only) needs no minute on each: 10 s per round is plenty
    Duration each = mode.warmup().dividedBy(2L * (all.size() + (s7 ? 1 : 0)));
    each = each.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : each;
    for (int round = 0; round < 2; round++) {
      for (Scenario scenario : all) {
        Saturation.measure(
            load,
            HttpTarget.of(stack.url(scenario)).withIds(scenario.ids()),
            SATURATION_CONNECTIONS,
            each);
      }
      if (s7) {
        // open loop at S7's own rate, never at saturation: its call has a 50 ms timeout, and a
        // thousand timeouts of a saturated or cold gateway would open its breaker before S7 starts
        load.run(
            HttpTarget.of(stack.url(HungOptional.SCENARIO)).withIds(HungOptional.SCENARIO.ids()),
            HungOptional.RATE,
            each);
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
    double cpuMicros =
        cpuBefore < 0 || cpuAfter < 0 || measured.ok() == 0
            ? Double.NaN
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
  private List<ScenarioResult> directCallsFor(
      Stack stack, OpenLoopLoad load, ScenarioResult s2, String variant)
      throws InterruptedException {
    List<ScenarioResult> calls = new ArrayList<>();
    for (Scenario direct : Scenario.all()) {
      if (!direct.id().startsWith("S0-")) {
        continue;
      }
      LoadResult measured =
          load.run(HttpTarget.of(stack.url(direct)), s2.measured().offeredRate(), mode.measure());
      calls.add(new ScenarioResult(direct, variant, Double.NaN, measured, Double.NaN, List.of()));
    }
    return calls;
  }

  private static void log(HungOptionalResult r) {
    for (HungOptionalResult.Episode e : r.episodes()) {
      System.out.printf(
          Locale.ROOT,
          "%-12s %-26s rate=%6d/s baseline p99=%7.3fms | hung, before the breaker opened:"
              + " n=%d p50=%7.3fms p99=%7.3fms max=%8.3fms | opened after %.0fms%s | after: n=%d p50=%7.3fms"
              + " p99=%7.3fms | errors=%s%n",
          HungOptional.SCENARIO.id(),
          e.name(),
          r.rate(),
          LatencyMillis.at(r.baseline(), 99),
          e.preOpen().getTotalCount(),
          LatencyMillis.at(e.preOpen(), 50),
          LatencyMillis.at(e.preOpen(), 99),
          LatencyMillis.max(e.preOpen()),
          e.openAfterMillis(),
          e.openBeforeHang() ? " (ALREADY OPEN BEFORE THE HANG)" : "",
          e.postOpen().getTotalCount(),
          LatencyMillis.at(e.postOpen(), 50),
          LatencyMillis.at(e.postOpen(), 99),
          e.errors());
    }
    r.notes().forEach(n -> System.out.println("S7: " + n));
  }

  private static void log(ScenarioResult r) {
    LoadResult m = r.measured();
    System.out.printf(
        Locale.ROOT,
        "%-12s %-26s sat=%8.0f/s rate=%6d/s p50=%7.3fms p99=%7.3fms max=%8.3fms "
            + "errors=%d cpu=%6.1fµs/req%s%n",
        r.scenario().id(),
        r.variant(),
        r.saturation(),
        m.offeredRate(),
        m.millis(50),
        m.millis(99),
        m.maxMillis(),
        m.failed(),
        r.cpuMicrosPerRequest(),
        r.failed() ? "  FAILED (error rate over 1%)" : "");
  }
}
