package dev.mosaic.gateway.call;

import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.resilience.LatencyTracker;
import dev.mosaic.gateway.resilience.RetryAllowance;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.HedgeSettings;
import java.util.function.LongSupplier;

/**
 * Decides whether a try gets a hedge and after how long: the fixed delay, or the service's observed
 * percentile (no hedging until enough answers were seen), never less than {@code min}, and not at
 * all when the call's time would be up before the duplicate was sent.
 */
final class HedgingCaller implements ServiceCaller {

  private final ServiceCaller next;
  private final RetryAllowance budget;
  private final LatencyTracker latency;
  private final Timeouts timeouts;
  private final LongSupplier nanoClock;

  HedgingCaller(
      ServiceCaller next, RetryAllowance budget, LatencyTracker latency, Timeouts timeouts) {
    this(next, budget, latency, timeouts, System::nanoTime);
  }

  /**
   * @param nanoClock the scale of {@link Outbound#endsAtNanos()}; tests move it by hand
   */
  HedgingCaller(
      ServiceCaller next,
      RetryAllowance budget,
      LatencyTracker latency,
      Timeouts timeouts,
      LongSupplier nanoClock) {
    this.next = next;
    this.budget = budget;
    this.latency = latency;
    this.timeouts = timeouts;
    this.nanoClock = nanoClock;
  }

  @Override
  public Exchange send(Outbound call) {
    HedgeSettings hedge = call.policy().hedge();
    if (hedge == null) {
      return next.send(call);
    }
    long delay;
    if (hedge.after() != null) {
      delay = hedge.after().toNanos();
    } else {
      long observed = latency == null ? -1 : latency.percentileNanos(hedge.percentile());
      if (observed < 0) {
        return next.send(call);
      }
      delay = Math.max(observed, hedge.min().toNanos());
    }
    if (nanoClock.getAsLong() + delay + RetryingExchange.MIN_TRY_NANOS > call.endsAtNanos()) {
      return next.send(call);
    }
    return HedgedExchange.start(call, delay, next, budget, timeouts, nanoClock);
  }
}
