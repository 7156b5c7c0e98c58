package dev.mosaic.gateway.call;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.CompletedExchange;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.resilience.ServiceBreaker;
import dev.mosaic.gateway.resilience.Verdict;

/**
 * Fails calls fast while the service's breaker is open, and reports how each admitted call ended.
 * It wraps retries: a call retried twice and still failing is one failure to the breaker.
 */
final class BreakerCaller implements ServiceCaller {

  private final ServiceBreaker breaker;
  private final ServiceCaller next;

  BreakerCaller(ServiceBreaker breaker, ServiceCaller next) {
    this.breaker = breaker;
    this.next = next;
  }

  @Override
  public Exchange send(Outbound call) {
    ServiceBreaker.Permit permit = breaker.tryAcquire();
    if (permit == null) {
      return CompletedExchange.failed(
          new CallFailure(
              CallFailure.Kind.BREAKER_OPEN,
              call.service().name() + ": circuit breaker open, not called",
              breaker.retryAfterMillis()));
    }
    Exchange exchange;
    try {
      exchange = next.send(call);
    } catch (RuntimeException e) {
      breaker.record(permit, Verdict.NEUTRAL); // a send that throws must not keep what it holds
      throw e;
    }
    exchange.result().onComplete(ended -> breaker.record(permit, Verdict.of(ended)));
    return exchange;
  }
}
