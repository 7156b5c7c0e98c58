package dev.mosaic.gateway.call;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.CompletedExchange;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.resilience.Bulkhead;

/**
 * Turns a call away at once when the service already has {@code maxInFlight} calls from this
 * process; the slot is held until the call ends, whether it answered, failed or was cancelled (a
 * streamed call ends at its answer's head).
 */
final class BulkheadCaller implements ServiceCaller {

  private final Bulkhead bulkhead;
  private final ServiceCaller next;

  BulkheadCaller(Bulkhead bulkhead, ServiceCaller next) {
    this.bulkhead = bulkhead;
    this.next = next;
  }

  @Override
  public Exchange send(Outbound call) {
    if (!bulkhead.tryAcquire()) {
      return CompletedExchange.failed(
          new CallFailure(
              CallFailure.Kind.BULKHEAD_FULL,
              call.service().name()
                  + ": "
                  + bulkhead.limit()
                  + " calls already in flight, not called",
              1000));
    }
    Exchange exchange;
    try {
      exchange = next.send(call);
    } catch (RuntimeException e) {
      bulkhead.release(); // a send that throws must not keep what it holds
      throw e;
    }
    exchange.result().onComplete(ended -> bulkhead.release());
    return exchange;
  }
}
