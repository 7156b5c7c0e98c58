package dev.mosaic.gateway.call;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.CompletedExchange;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.resilience.ServiceBudget;

/**
 * Counts each call against its service's call budget. Under the fragment cache, so a hit costs
 * nothing; above the breaker and retries, so a call and its retries count once (they are bounded by
 * the retry budget instead).
 */
final class BudgetCaller implements ServiceCaller {

  private final ServiceBudget budget;
  private final ServiceCaller next;

  BudgetCaller(ServiceBudget budget, ServiceCaller next) {
    this.budget = budget;
    this.next = next;
  }

  @Override
  public Exchange send(Outbound call) {
    if (!budget.admit(call.origin())) {
      return CompletedExchange.failed(
          new CallFailure(
              CallFailure.Kind.OVER_BUDGET,
              call.service().name()
                  + ": over its call budget of "
                  + budget.settings().perSecond()
                  + "/s",
              budget.millisToNextWindow()));
    }
    return next.send(call);
  }
}
