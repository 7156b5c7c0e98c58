package dev.mosaic.gateway.saga;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** What an operator can see and do about sagas (the admin API's {@code /admin/sagas}). */
public interface SagaOperations {

  /** Sagas in one of {@link SagaPhases#LISTED}, newest first, at most {@code max}. */
  Future<List<JsonObject>> list(String state, int max);

  /**
   * Runs again the compensations of a saga that failed to compensate (its service is back, say).
   *
   * @return the state it ended in, or null when it is not a saga that failed to compensate
   */
  Future<String> retry(String sagaId);
}
