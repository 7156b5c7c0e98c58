package dev.mosaic.gateway.call;

import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.resilience.RetryAllowance;
import dev.mosaic.gateway.time.Timeouts;
import java.util.function.LongSupplier;

/**
 * Counts every call into the service's retry budget and, for calls whose policy allows it, tries
 * again after a connection failure or a 502/503/504 (see {@link RetryingExchange}). Only built for
 * services that some call retries or hedges, so the others pay nothing.
 */
final class RetryingCaller implements ServiceCaller {

  private final RetryAllowance budget;
  private final ServiceCaller next;
  private final Timeouts timeouts;
  private final LongSupplier nanoClock;

  RetryingCaller(RetryAllowance budget, ServiceCaller next, Timeouts timeouts) {
    this(budget, next, timeouts, System::nanoTime);
  }

  /**
   * @param nanoClock the scale of {@link Outbound#endsAtNanos()}; tests move it by hand
   */
  RetryingCaller(
      RetryAllowance budget, ServiceCaller next, Timeouts timeouts, LongSupplier nanoClock) {
    this.budget = budget;
    this.next = next;
    this.timeouts = timeouts;
    this.nanoClock = nanoClock;
  }

  @Override
  public Exchange send(Outbound call) {
    budget.deposit();
    if (call.policy().retry() == null) {
      return next.send(call);
    }
    return RetryingExchange.start(call, next, budget, timeouts, nanoClock);
  }
}
