package dev.mosaic.gateway.call;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.ServiceResponse;
import io.vertx.core.Future;

/** A call turned away before anything was sent (breaker open, bulkhead full). */
record FailedExchange(Future<ServiceResponse> result) implements Exchange {

  static Exchange of(CallFailure failure) {
    return new FailedExchange(Future.failedFuture(failure));
  }

  @Override
  public void cancel(CallFailure why) {
    // nothing in flight
  }

  @Override
  public int instance() {
    return -1;
  }
}
