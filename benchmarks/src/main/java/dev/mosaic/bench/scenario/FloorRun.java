package dev.mosaic.bench.scenario;

import dev.mosaic.bench.load.WrkResult;

/**
 * One timed wrk run of the floor comparison.
 *
 * @param round 1-based
 * @param cpuMicros CPU of the answering process (nginx with its workers) per request, or NaN
 * @param stubsCpuMicros CPU of the stubs per client request, or NaN: what the calls behind it cost
 */
public record FloorRun(
    FloorWorkload workload,
    FloorTarget target,
    int round,
    WrkResult wrk,
    double cpuMicros,
    double stubsCpuMicros) {

  public double requestsPerSecond() {
    return wrk.requestsPerSecond();
  }

  /** Any error fails the run: a server that drops requests would look cheap per request. */
  public boolean failed() {
    return wrk.errors() > 0 || wrk.requests() == 0;
  }
}
