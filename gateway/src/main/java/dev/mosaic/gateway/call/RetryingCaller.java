package dev.mosaic.gateway.call;

import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.resilience.RetryAllowance;
import dev.mosaic.gateway.time.Timeouts;

/**
 * Counts every call into the service's retry budget and, for calls whose policy allows it, tries
 * again after a connection failure or a 502/503/504 (see {@link RetryingExchange}). Only built for
 * services that some call retries or hedges, so the others pay nothing.
 */
final class RetryingCaller implements ServiceCaller {

  private final RetryAllowance budget;
  private final ServiceCaller next;
  private final Timeouts timeouts;

  RetryingCaller(RetryAllowance budget, ServiceCaller next, Timeouts timeouts) {
    this.budget = budget;
    this.next = next;
    this.timeouts = timeouts;
  }

  @Override
  public Exchange send(Outbound call) {
    budget.deposit();
    if (call.policy().retry() == null) {
      return next.send(call);
    }
    return RetryingExchange.start(call, next, budget, timeouts);
  }
}
