package dev.mosaic.bench.scenario;

import java.time.Duration;
import java.util.List;

/**
 * How long each step runs. full: the committed results (< 30 min). quick: a look while working (< 4
 * min). smoke: seconds, run by the test suite so the runner never rots.
 *
 * @param hungBaseline S7's healthy run
 * @param hungAfter how long each of S7's hung runs goes on after the service hangs (the breaker
 *     opens about a second in; the rest is the post-open phase, which must end before the breaker's
 *     openFor of 10 s lets probes through)
 * @param hungEpisodes how often S7 hangs the service: 2 measures a second hang once the breaker
 *     closed again, with the failure paths warm
 * @param floorWarmup the floor comparison's load on each target and workload before its first timed
 *     run: the JIT (CPU per request still falls between 10 s and 30 s of load)
 * @param floorRun each timed wrk run of the floor comparison (whole seconds: wrk's unit)
 * @param floorRounds rounds of the floor comparison, each running every target once
 */
public record RunMode(
    String name,
    Duration warmup,
    Duration saturation,
    Duration measure,
    Duration sweepStep,
    List<Double> sweepFractions,
    boolean realisticForAll,
    boolean peers,
    boolean commit,
    Duration hungBaseline,
    Duration hungAfter,
    int hungEpisodes,
    Duration floorWarmup,
    Duration floorRun,
    int floorRounds) {

  public static final RunMode FULL =
      new RunMode(
          "full",
          Duration.ofSeconds(60),
          Duration.ofSeconds(5),
          Duration.ofSeconds(15),
          Duration.ofSeconds(5),
          List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
          true,
          true,
          true,
          Duration.ofSeconds(10),
          Duration.ofSeconds(8),
          2,
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          3);
  public static final RunMode QUICK =
      new RunMode(
          "quick",
          Duration.ofSeconds(20),
          Duration.ofSeconds(1),
          Duration.ofSeconds(3),
          Duration.ofSeconds(2),
          List.of(0.25, 0.5, 0.75, 1.0),
          false,
          true,
          false,
          Duration.ofSeconds(4),
          Duration.ofSeconds(5),
          1,
          Duration.ofSeconds(4),
          Duration.ofSeconds(3),
          1);
  public static final RunMode SMOKE =
      new RunMode(
          "smoke",
          Duration.ofMillis(500),
          Duration.ofMillis(300),
          Duration.ofMillis(600),
          Duration.ofMillis(300),
          List.of(0.5),
          false,
          false,
          false,
          Duration.ofSeconds(1),
          Duration.ofSeconds(3),
          1,
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          1);

  /** Latency is reported at this share of the scenario's saturation rate. */
  public static final double REPORT_LOAD = 0.5;

  /** A scenario with more errors than this is reported as failed, not averaged in. */
  public static final double MAX_ERROR_RATE = 0.01;
}
