package dev.mosaic.gateway.resilience;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.ServiceResponse;
import io.vertx.core.AsyncResult;

/**
 * What an exchange says about the health of the service (or instance) that had it. A 4xx is the
 * client's problem and a healthy answer; a 5xx, a broken connection, a failed TLS handshake or a
 * timeout is the service's. Cancelling (a hedge that lost, a call no longer needed), a full local
 * pool or an answer too large for the gateway's limit say nothing about the service's health.
 */
public enum Verdict {
  SUCCESS,
  FAILURE,
  NEUTRAL;

  public static Verdict of(AsyncResult<ServiceResponse> result) {
    if (result.succeeded()) {
      return result.result().status() >= 500 ? FAILURE : SUCCESS;
    }
    return switch (CallFailure.classify(result.cause()).kind()) {
      case CONNECT, TLS, RESET, TIMEOUT -> FAILURE;
      default -> NEUTRAL;
    };
  }
}
