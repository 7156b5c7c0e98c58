package dev.mosaic.gateway.http;

import io.vertx.core.Future;

/** One call to a service in flight: its answer to come, and a way to stop waiting for it. */
public interface Exchange {

  Future<ServiceResponse> result();

  /**
   * Stops waiting: what is in flight is reset and the result fails with {@code why} unless already
   * complete. {@link CallFailure.Kind#TIMEOUT} says the service was too slow (it counts against
   * it); {@link CallFailure.Kind#CANCELLED} says the answer is no longer needed (it does not).
   */
  void cancel(CallFailure why);

  /** The index of the service instance currently handling this call, or -1 before one is chosen. */
  int instance();
}
