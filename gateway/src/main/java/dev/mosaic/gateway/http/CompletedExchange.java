package dev.mosaic.gateway.http;

import io.vertx.core.Future;

/**
 * An exchange decided before anything was sent: turned away (breaker open, bulkhead full) or
 * answered from the cache. Nothing is in flight, so cancelling does nothing.
 */
public record CompletedExchange(Future<ServiceResponse> result) implements Exchange {

  public static Exchange failed(CallFailure failure) {
    return new CompletedExchange(Future.failedFuture(failure));
  }

  public static Exchange answered(ServiceResponse response) {
    return new CompletedExchange(Future.succeededFuture(response));
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
