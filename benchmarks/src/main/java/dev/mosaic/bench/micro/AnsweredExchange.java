package dev.mosaic.bench.micro;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.ServiceResponse;
import io.vertx.core.Future;

/**
 * An exchange whose answer is already complete: services that answer instantly from memory, so a
 * benchmark times the gateway's own work and no network. Nothing to cancel.
 */
final class AnsweredExchange implements Exchange {

  private final Future<ServiceResponse> answer;
  private final int instance;

  AnsweredExchange(ServiceResponse answer, int instance) {
    this.answer = Future.succeededFuture(answer);
    this.instance = instance;
  }

  @Override
  public Future<ServiceResponse> result() {
    return answer;
  }

  @Override
  public void cancel(CallFailure why) {}

  @Override
  public int instance() {
    return instance;
  }
}
