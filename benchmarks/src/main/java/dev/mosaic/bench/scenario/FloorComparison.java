package dev.mosaic.bench.scenario;

import dev.mosaic.bench.load.Wrk;
import dev.mosaic.bench.load.WrkResult;
import dev.mosaic.bench.proc.ManagedProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Mosaic beside the floor: the same work hand-written with Vert.x alone ({@link
 * dev.mosaic.bench.peer.FloorServer}), and nginx for the passthrough, at stub latency 0, so that
 * what being declarative costs is a ratio from one run rather than a guess.
 *
 * <p>Closed loop with wrk (64 connections, one thread: a native generator leaves more of the shared
 * cores to the servers than the runner's JVM would). First the answers: Mosaic's and the floor's
 * must be byte-identical for every id the load asks for, or the comparison stops there. Then every
 * target gets {@link RunMode#floorWarmup()} of load on each workload, then {@link
 * RunMode#floorRounds()} rounds of timed runs; within a round each workload's targets run back to
 * back, in the opposite order in the next round, so the machine's drift (JIT, GC, the other users
 * of these cores) hits both sides of a ratio. Per run: wrk's req/s, the answering process's CPU per
 * request and the stubs' CPU per client request, from /proc.
 */
final class FloorComparison {

  static final int CONNECTIONS = 64;

  /**
   * The smoke run (part of the test suite) checks the plumbing, not the figures: with a second of
   * warm-up on a possibly busy machine, 64 connections queue cold JVMs past S8's 800 ms deadline.
   */
  static final int SMOKE_CONNECTIONS = 8;

  private final Stack stack;
  private final RunMode mode;
  private final Wrk wrk;

  FloorComparison(Stack stack, RunMode mode, Wrk wrk) {
    this.stack = stack;
    this.mode = mode;
    this.wrk = wrk;
  }

  /** Needs the stubs at latency 0. */
  FloorResult run() throws InterruptedException {
    List<String> notes = new ArrayList<>();
    if (stack.nginx == null) {
      notes.add("nginx was not run, so S1 has no Mosaic ÷ nginx CPU: " + stack.nginxNote);
    }
    List<FloorRun> runs = new ArrayList<>();
    try {
      long checking = System.nanoTime();
      SameAnswers answers = new SameAnswers();
      for (FloorWorkload workload : FloorWorkload.all()) {
        Optional<String> difference =
            answers.firstDifference(
                stack.url(workload, FloorTarget.MOSAIC),
                stack.url(workload, FloorTarget.FLOOR),
                Wrk.IDS);
        if (difference.isPresent()) {
          return result(
              runs,
              notes,
              workload.id()
                  + ": the answers are not byte-identical, so nothing was compared: "
                  + difference.get());
        }
      }
      System.out.printf(
          Locale.ROOT,
          "FLOOR Mosaic and the floor answer byte-identically for ids 1..%d (checked in %d ms)%n",
          Wrk.IDS,
          (System.nanoTime() - checking) / 1_000_000);
      if (!mode.floorWarmup().isZero()) {
        System.out.printf(
            Locale.ROOT,
            "FLOOR warming up every target on every workload for %d s%n",
            mode.floorWarmup().toSeconds());
        for (FloorWorkload workload : FloorWorkload.all()) {
          for (FloorTarget target : targets(workload)) {
            wrk.run(stack.url(workload, target), connections(), mode.floorWarmup());
          }
        }
      }
      for (int round = 1; round <= mode.floorRounds(); round++) {
        for (FloorWorkload workload : FloorWorkload.all()) {
          List<FloorTarget> order = new ArrayList<>(targets(workload));
          if (round % 2 == 0) {
            Collections.reverse(order);
          }
          for (FloorTarget target : order) {
            FloorRun run = measure(workload, target, round);
            runs.add(run);
            log(run);
          }
        }
      }
    } catch (IOException e) {
      return result(runs, notes, e.getMessage());
    }
    return result(runs, notes, null);
  }

  private List<FloorTarget> targets(FloorWorkload workload) {
    List<FloorTarget> targets = new ArrayList<>(List.of(FloorTarget.MOSAIC, FloorTarget.FLOOR));
    if (workload.nginxPath() != null && stack.nginx != null) {
      targets.add(FloorTarget.NGINX);
    }
    return targets;
  }

  private int connections() {
    return mode.equals(RunMode.SMOKE) ? SMOKE_CONNECTIONS : CONNECTIONS;
  }

  private FloorRun measure(FloorWorkload workload, FloorTarget target, int round)
      throws IOException, InterruptedException {
    ManagedProcess answering = stack.answering(target);
    long cpuBefore = answering.cpuNanos();
    long stubsBefore = stack.stubs.cpuNanos();
    WrkResult result = wrk.run(stack.url(workload, target), connections(), mode.floorRun());
    long cpuAfter = answering.cpuNanos();
    long stubsAfter = stack.stubs.cpuNanos();
    return new FloorRun(
        workload,
        target,
        round,
        result,
        microsPerRequest(cpuBefore, cpuAfter, result.requests()),
        microsPerRequest(stubsBefore, stubsAfter, result.requests()));
  }

  private static double microsPerRequest(long before, long after, long requests) {
    return before < 0 || after < 0 || requests == 0
        ? Double.NaN
        : (after - before) / 1000.0 / requests;
  }

  private FloorResult result(List<FloorRun> runs, List<String> notes, String failure) {
    if (failure != null) {
      System.out.println("FLOOR comparison failed: " + failure);
    }
    return new FloorResult(
        runs,
        mode.floorRounds(),
        mode.floorWarmup(),
        mode.floorRun(),
        connections(),
        null,
        failure,
        notes);
  }

  private static void log(FloorRun r) {
    System.out.printf(
        Locale.ROOT,
        "FLOOR %-3s %-6s round %d: %8.0f req/s cpu=%6.1fµs/req stubs=%6.1fµs/req "
            + "non-2xx=%d socket errors=%d (closed-loop p50=%.3fms p99=%.3fms)%s%n",
        r.workload().id(),
        r.target().label(),
        r.round(),
        r.wrk().requestsPerSecond(),
        r.cpuMicros(),
        r.stubsCpuMicros(),
        r.wrk().non2xx(),
        r.wrk().socketErrors(),
        r.wrk().p50Millis(),
        r.wrk().p99Millis(),
        r.failed() ? "  FAILED" : "");
  }
}
