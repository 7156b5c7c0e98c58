package dev.mosaic.gateway.server;

import dev.mosaic.gateway.execution.Problem;
import dev.mosaic.gateway.saga.IdempotentRequests.StoredAnswer;
import dev.mosaic.gateway.saga.SagaResult;
import dev.mosaic.gateway.saga.SagaStore;
import dev.mosaic.rules.plan.SagaPlan;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /sagas/{id}}: where a saga stands (running, or how it ended, with its answer), and the
 * {@code 202 Accepted} an async saga answers at once. The id is 128 random bits: it is the
 * capability to read the saga.
 */
final class SagaStates implements Handler<RoutingContext> {

  private final SagaStore store;

  SagaStates(SagaStore store) {
    this.store = store;
  }

  static String location(String sagaId) {
    return SagaPlan.STATES_PATH + sagaId;
  }

  static JsonObject running(String sagaId, String route) {
    return new JsonObject().put("id", sagaId).put("route", route).put("state", "running");
  }

  static StoredAnswer accepted(String sagaId) {
    JsonObject body =
        new JsonObject()
            .put("id", sagaId)
            .put("state", "running")
            .put("location", location(sagaId));
    return new StoredAnswer(202, "application/json", body.toBuffer(), sagaId);
  }

  /** How a saga ended, with the answer its client got (or, async, would have got). */
  static JsonObject ended(
      String sagaId, String route, AsyncResult<SagaResult> done, StoredAnswer answer) {
    String state;
    if (done.failed()) {
      state = "failed";
    } else if (done.result().succeeded()) {
      state = "completed";
    } else if (done.result().status() == 400) {
      state = "rejected";
    } else {
      state = done.result().compensated() ? "compensated" : "failed-to-compensate";
    }
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

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    JsonObject state = id == null ? null : store.state(id);
    if (state == null) {
      Answers.problem(
          ctx,
          Problem.of(
              404,
              "not-found",
              "no saga " + id + " here (sagas are kept 24 h, in this gateway's memory)",
              ctx.request().path()));
      return;
    }
    ctx.response()
        .putHeader(Answers.CONTENT_TYPE, Answers.JSON)
        .putHeader(Answers.CACHE_CONTROL, "no-store")
        .end(state.toBuffer());
  }
}
