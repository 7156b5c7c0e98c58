package dev.mosaic.gateway.admin;

import dev.mosaic.gateway.saga.SagaOperations;
import dev.mosaic.gateway.saga.SagaPhases;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.TreeSet;

/**
 * {@code GET /admin/sagas?state=running|compensating|failed-to-compensate[&limit=N]} lists sagas in
 * that state; {@code POST /admin/sagas/{id}/retry} runs a stuck saga's failed compensations again
 * and answers how it ended.
 */
final class SagaAdmin {

  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;

  private final SagaOperations sagas;

  SagaAdmin(SagaOperations sagas) {
    this.sagas = sagas;
  }

  void list(RoutingContext ctx) {
    String state = ctx.queryParams().get("state");
    if (state == null || !SagaPhases.LISTED.contains(state)) {
      AdminServer.problem(
          ctx,
          400,
          "bad-request",
          "state must be one of " + String.join(", ", new TreeSet<>(SagaPhases.LISTED)));
      return;
    }
    int limit;
    try {
      String text = ctx.queryParams().get("limit");
      limit = text == null ? DEFAULT_LIMIT : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      AdminServer.problem(ctx, 400, "bad-request", "limit must be 1 to " + MAX_LIMIT);
      return;
    }
    sagas
        .list(state, limit)
        .onComplete(
            listed -> {
              if (listed.failed()) {
                AdminServer.problem(ctx, 503, "saga-log-unavailable", listed.cause().getMessage());
                return;
              }
              AdminServer.json(
                  ctx,
                  200,
                  new JsonObject()
                      .put("state", state)
                      .put("sagas", new JsonArray(listed.result())));
            });
  }

  void retry(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    sagas
        .retry(id)
        .onComplete(
            retried -> {
              if (retried.failed()) {
                AdminServer.problem(ctx, 503, "saga-log-unavailable", retried.cause().getMessage());
              } else if (retried.result() == null) {
                AdminServer.problem(
                    ctx,
                    409,
                    "not-stuck",
                    "saga " + id + " is not one that failed to compensate (or is unknown)");
              } else {
                AdminServer.json(
                    ctx, 200, new JsonObject().put("id", id).put("state", retried.result()));
              }
            });
  }
}
