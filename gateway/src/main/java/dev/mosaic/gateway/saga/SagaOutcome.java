package dev.mosaic.gateway.saga;

import dev.mosaic.gateway.saga.IdempotentRequests.StoredAnswer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * How an ended saga is recorded for {@code GET /sagas/{id}}: its state, and the answer its client
 * got (or, async or recovered, would have got).
 */
public final class SagaOutcome {

  private SagaOutcome() {}

  /**
   * @param result null when the saga failed unexpectedly (a bug: answered 500)
   */
  public static String state(SagaResult result) {
    if (result == null) {
      return "failed";
    }
    if (result.succeeded()) {
      return "completed";
    }
    if (result.status() == 400 && result.compensations().isEmpty()) {
      return "rejected"; // nothing was sent
    }
    return result.compensated() ? "compensated" : SagaPhases.STUCK;
  }

  public static JsonObject ended(String sagaId, String route, String state, StoredAnswer answer) {
    JsonObject ended =
        new JsonObject()
            .put("id", sagaId)
            .put("route", route)
            .put("state", state)
            .put("status", answer.status());
    try {
      ended.put("answer", new JsonObject(answer.body()));
    } catch (DecodeException | ClassCastException e) {
      ended.put("answer", answer.body().toString()); // a shaped answer need not be an object
    }
    return ended;
  }
}
