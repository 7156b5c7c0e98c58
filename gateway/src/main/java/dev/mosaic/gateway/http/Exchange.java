package dev.mosaic.gateway.http;

import io.vertx.core.Future;

/** One request to a service in flight: its answer to come, and a way to stop waiting for it. */
public interface Exchange {

  Future<ServiceResponse> result();

  /** Stops waiting; the result fails as {@link CallFailure.Kind#CANCELLED} unless already complete. */
  void cancel(String why);
}
