package dev.mosaic.gateway.server;

import dev.mosaic.gateway.auth.AuthFailure;
import dev.mosaic.gateway.auth.TokenVerifier;
import dev.mosaic.gateway.execution.Problem;
import dev.mosaic.gateway.saga.IdempotentRequests.StoredAnswer;
import dev.mosaic.gateway.saga.SagaStore;
import dev.mosaic.rules.plan.SagaPlan;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code GET /sagas/{id}}: where a saga stands (running, or how it ended, with its answer), and the
 * {@code 202 Accepted} an async saga answers at once. The id is 128 random bits. A saga of an
 * endpoint with {@code auth:} is read only with a token that endpoint accepts, for the same {@code
 * sub}; to anyone else it does not exist (404).
 */
final class SagaStates implements Handler<RoutingContext> {

  private final SagaStore store;
  private final Map<String, TokenVerifier> verifiers;

  /**
   * @param verifiers the token check of each saga endpoint with {@code auth:}, by route
   */
  SagaStates(SagaStore store, Map<String, TokenVerifier> verifiers) {
    this.store = store;
    this.verifiers = Map.copyOf(verifiers);
  }

  static String location(String sagaId) {
    return SagaPlan.STATES_PATH + sagaId;
  }

  static StoredAnswer accepted(String sagaId) {
    JsonObject body =
        new JsonObject()
            .put("id", sagaId)
            .put("state", "running")
            .put("location", location(sagaId));
    return new StoredAnswer(202, "application/json", body.toBuffer(), sagaId);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null) {
      notFound(ctx, id);
      return;
    }
    store
        .state(id)
        .onComplete(
            read -> {
              if (read.failed()) {
                Answers.problem(
                    ctx,
                    Problem.of(
                        503,
                        "saga-log-unavailable",
                        "the saga log could not be read: try again",
                        ctx.request().path()));
              } else if (read.result() == null) {
                notFound(ctx, id);
              } else {
                answer(ctx, id, read.result());
              }
            });
  }

  private void answer(RoutingContext ctx, String id, SagaStore.Kept kept) {
    if (kept.owner() == null) {
      send(ctx, kept.state());
      return;
    }
    TokenVerifier verifier = verifiers.get(kept.state().getString("route"));
    if (verifier == null) { // the endpoint lost its auth: in a reload; keep its sagas closed
      notFound(ctx, id);
      return;
    }
    verifier
        .verify(ctx.request().headers())
        .onComplete(
            checked -> {
              if (checked.failed() && checked.cause() instanceof AuthFailure refused) {
                AuthenticationStep.refuse(ctx, refused, kept.state().getString("route"));
              } else if (checked.failed()) {
                ctx.fail(checked.cause());
              } else if (kept.owner().equals(String.valueOf(checked.result().get("sub")))) {
                send(ctx, kept.state());
              } else {
                notFound(ctx, id); // another caller's saga: not even whether it exists
              }
            });
  }

  private static void send(RoutingContext ctx, JsonObject state) {
    ctx.response()
        .putHeader(Answers.CONTENT_TYPE, Answers.JSON)
        .putHeader(Answers.CACHE_CONTROL, "no-store")
        .end(state.toBuffer());
  }

  private static void notFound(RoutingContext ctx, String id) {
    Answers.problem(
        ctx,
        Problem.of(
            404,
            "not-found",
            "no saga " + id + " here (ended sagas are kept 24 h)",
            ctx.request().path()));
  }
}
