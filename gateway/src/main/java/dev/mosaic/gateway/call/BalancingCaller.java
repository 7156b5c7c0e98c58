package dev.mosaic.gateway.call;

import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.InstanceCaller;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.resilience.Instance;
import dev.mosaic.gateway.resilience.InstancePool;
import dev.mosaic.gateway.resilience.LatencyTracker;
import dev.mosaic.gateway.resilience.Verdict;

/**
 * Sends each try to one instance picked by the pool (skipping ejected ones and, when it can, the
 * one a retry or hedge already tried), and feeds back how it ended: in-flight counts for
 * least-in-flight, failures for outlier ejection, and latency for percentile hedging.
 */
final class BalancingCaller implements ServiceCaller {

  private final InstancePool pool;
  private final InstanceCaller http;
  private final LatencyTracker latency;

  /**
   * @param latency null when nobody hedges on this service's percentiles
   */
  BalancingCaller(InstancePool pool, InstanceCaller http, LatencyTracker latency) {
    this.pool = pool;
    this.http = http;
    this.latency = latency;
  }

  @Override
  public Exchange send(Outbound call) {
    Instance instance = pool.pick(call.avoid());
    instance.acquired();
    long started = latency == null ? 0 : System.nanoTime();
    Exchange exchange;
    try {
      exchange = http.send(call, instance.index());
    } catch (RuntimeException e) {
      instance.released(); // a send that throws must not keep what it holds
      throw e;
    }
    exchange
        .result()
        .onComplete(
            ended -> {
              instance.released();
              Verdict verdict = Verdict.of(ended);
              pool.record(instance, verdict);
              if (latency != null
                  && (ended.succeeded()
                      ? ended.result().status() < 400
                      : HedgedExchange.lostTheRace(ended.cause()))) {
                // a try that lost to its hedge took at least this long: leaving it out would drop
                // the slowest tries and pull the percentile (and the hedge delay) down
                latency.record(System.nanoTime() - started);
              }
            });
    return exchange;
  }
}
