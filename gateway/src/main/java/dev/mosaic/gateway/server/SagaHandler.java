package dev.mosaic.gateway.server;

import dev.mosaic.gateway.execution.Problem;
import dev.mosaic.gateway.execution.ResponseShaper;
import dev.mosaic.gateway.execution.ServerTiming;
import dev.mosaic.gateway.http.CallHeaders;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.json.JsonCodec;
import dev.mosaic.gateway.metrics.SagaMeters;
import dev.mosaic.gateway.saga.IdempotentRequests;
import dev.mosaic.gateway.saga.IdempotentRequests.StoredAnswer;
import dev.mosaic.gateway.saga.LeaseLost;
import dev.mosaic.gateway.saga.SagaExecution;
import dev.mosaic.gateway.saga.SagaIds;
import dev.mosaic.gateway.saga.SagaLogUnavailable;
import dev.mosaic.gateway.saga.SagaOutcome;
import dev.mosaic.gateway.saga.SagaProblem;
import dev.mosaic.gateway.saga.SagaResult;
import dev.mosaic.gateway.saga.SagaStore;
import dev.mosaic.gateway.saga.SagaSuspended;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.expression.EvaluationException;
import dev.mosaic.rules.plan.EndpointPlan;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an endpoint whose calls are a saga's steps. A request carrying the client's own {@code
 * Idempotency-Key} runs at most once: a repeat of the same request gets the first answer again
 * ({@code Idempotent-Replayed: true}), the same key on a different request is a 422. A saga is not
 * cancelled when its client leaves: stopped half-way is what compensation exists for.
 */
final class SagaHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SagaHandler.class);
  private static final CharSequence SAGA_ID = HttpHeaders.createOptimized("Mosaic-Saga");
  private static final CharSequence REPLAYED = HttpHeaders.createOptimized("Idempotent-Replayed");
  private static final int MAX_KEY_LENGTH = 255;

  private final EndpointPlan endpoint;
  private final ServiceCaller clients;
  private final Timeouts timeouts;
  private final SagaStore store;
  private final SagaMeters meters;

  /**
   * @param meters where each saga's end is counted, or null when metrics are off
   */
  SagaHandler(
      EndpointPlan endpoint,
      ServiceCaller clients,
      Timeouts timeouts,
      SagaStore store,
      SagaMeters meters) {
    this.meters = meters;
    this.endpoint = endpoint;
    this.clients = clients;
    this.timeouts = timeouts;
    this.store = store;
  }

  void handle(
      RoutingContext ctx, Map<String, Object> context, RequestRecord record, CallHeaders headers) {
    String clientKey = ctx.request().getHeader(SagaIds.IDEMPOTENCY_KEY);
    if (clientKey == null) {
      run(ctx, context, record, headers, null, SagaIds.next());
      return;
    }
    if (clientKey.isBlank() || clientKey.length() > MAX_KEY_LENGTH) {
      Answers.problem(
          ctx,
          routeProblem(
              ctx,
              400,
              "bad-request",
              "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters"));
      return;
    }
    String key = endpoint.route() + '\n' + identity(context) + '\n' + clientKey;
    String sagaId = SagaIds.next();
    store
        .keys()
        .claim(key, fingerprint(ctx), sagaId)
        .onComplete(
            claimed -> {
              if (claimed.failed()) {
                LOG.warn(
                    "{}: claiming a client's key failed: {}",
                    endpoint.route(),
                    claimed.cause().toString());
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
                Answers.problem(
                    ctx,
                    routeProblem(
                        ctx,
                        503,
                        "saga-log-unavailable",
                        "the Idempotency-Key could not be checked, so nothing was sent: try"
                            + " again"));
                return;
              }
              IdempotentRequests.Claim claim = claimed.result();
              if (claim instanceof IdempotentRequests.Claim.Run run) {
                run(ctx, context, record, headers, run, sagaId);
              } else if (claim instanceof IdempotentRequests.Claim.Replay replay) {
                send(ctx, replay.answer(), true);
              } else if (claim instanceof IdempotentRequests.Claim.InFlight inFlight) {
                inFlight(ctx, inFlight.sagaId());
              } else {
                Answers.problem(
                    ctx,
                    routeProblem(
                        ctx,
                        422,
                        "idempotency-key-reused",
                        "this Idempotency-Key was used for a different request"));
              }
            });
  }

  /** The key's saga has not ended (it runs elsewhere, or is being finished after a crash). */
  private void inFlight(RoutingContext ctx, String sagaId) {
    ctx.response()
        .putHeader(HttpHeaders.RETRY_AFTER, "1")
        .putHeader(HttpHeaders.LOCATION, SagaStates.location(sagaId))
        .putHeader(SAGA_ID, sagaId);
    Answers.problem(
        ctx,
        routeProblem(
                ctx,
                409,
                "idempotency-key-in-flight",
                "the saga this Idempotency-Key started has not ended yet: its outcome will be at "
                    + SagaStates.location(sagaId))
            .put("sagaId", sagaId));
  }

  private void run(
      RoutingContext ctx,
      Map<String, Object> context,
      RequestRecord record,
      CallHeaders headers,
      IdempotentRequests.Claim.Run claim,
      String sagaId) {
    String owner = endpoint.auth() == null ? null : identity(context);
    SagaExecution saga =
        new SagaExecution(
            sagaId,
            timeouts,
            endpoint,
            context,
            clients,
            headers,
            store,
            owner,
            claim == null ? null : claim.key());
    long started = System.nanoTime();
    io.vertx.core.Future<SagaResult> running;
    try {
      running = saga.run();
    } catch (RuntimeException e) {
      // answered, and its repeats too, rather than leaving them waiting on a first that never ends
      running = io.vertx.core.Future.failedFuture(e);
    }
    boolean[] acceptedSent = {false};
    if (endpoint.saga().async()) {
      // 202 only once the saga is logged: from then on it exists for GET /sagas/{id}
      saga.opened()
          .onSuccess(
              v -> {
                StoredAnswer accepted = SagaStates.accepted(saga.sagaId());
                acceptedSent[0] = true;
                if (claim == null) {
                  send(ctx, accepted, false);
                } else {
                  // a repeat is told where to look, not run again
                  claim
                      .entry()
                      .done(accepted, timeouts)
                      .onComplete(stored -> send(ctx, accepted, false));
                }
              });
    }
    running.onComplete(
        done -> {
          try {
            if (done.succeeded()) {
              ended(done.result(), System.nanoTime() - started);
            }
            StoredAnswer answer = answerOf(ctx, saga.sagaId(), done, record);
            boolean handedOver =
                done.failed()
                    && (done.cause() instanceof LeaseLost || done.cause() instanceof SagaSuspended);
            // closed here when it was logged and is still this process's to close
            boolean logged = saga.opened().succeeded() && !handedOver;
            // answered once its end is logged, so the client's next GET /sagas/{id} reads it
            closed(saga.sagaId(), done, answer, logged)
                .onComplete(
                    v -> {
                      if (acceptedSent[0]) {
                        return;
                      }
                      if (claim == null) {
                        send(ctx, answer, false);
                      } else if (done.failed() && done.cause() instanceof SagaLogUnavailable) {
                        claim.entry().abandon(answer); // nothing ran: a retry with it may run
                        send(ctx, answer, false);
                      } else if (handedOver) {
                        // its outcome is the next owner's to store, not this 503
                        claim.entry().handedOver(saga.sagaId());
                        send(ctx, answer, false);
                      } else {
                        claim
                            .entry()
                            .done(answer, timeouts)
                            .onComplete(stored -> send(ctx, answer, false));
                      }
                    });
          } catch (RuntimeException e) { // answered all the same: a client never waits for ever
            LOG.error("{}: saga {}: answering failed", endpoint.route(), saga.sagaId(), e);
            Answers.problem(
                ctx,
                routeProblem(ctx, 500, "internal", "the gateway failed unexpectedly")
                    .put("sagaId", saga.sagaId()));
          }
        });
  }

  /** Logs how the saga ended, when this process still owns it; never fails. */
  private io.vertx.core.Future<Void> closed(
      String sagaId, AsyncResult<SagaResult> done, StoredAnswer answer, boolean logged) {
    if (!logged) {
      return io.vertx.core.Future.succeededFuture();
    }
    String state = SagaOutcome.state(done.succeeded() ? done.result() : null);
    return store
        .close(sagaId, state, SagaOutcome.ended(sagaId, endpoint.route(), state, answer), timeouts)
        .recover(
            e -> {
              LOG.warn(
                  "{}: saga {} ended ({}) but its end could not be logged: {}",
                  endpoint.route(),
                  sagaId,
                  state,
                  e.toString());
              return io.vertx.core.Future.succeededFuture();
            });
  }

  /** A 503 for a saga this process no longer acts on, pointing where its outcome will be. */
  private StoredAnswer handedOver(RoutingContext ctx, String sagaId, String type, String detail) {
    ctx.response().putHeader(HttpHeaders.LOCATION, SagaStates.location(sagaId));
    return problem(ctx, sagaId, routeProblem(ctx, 503, type, detail).put("sagaId", sagaId));
  }

  /** A problem about this endpoint's request, naming its route. */
  private JsonObject routeProblem(RoutingContext ctx, int status, String type, String detail) {
    return Problem.of(status, type, detail, ctx.request().path()).put("route", endpoint.route());
  }

  /** Counts it, and says once which saga left the services holding part of a write. */
  private void ended(SagaResult saga, long nanos) {
    if (meters != null) {
      meters.ended(saga, nanos);
    }
    if (!saga.succeeded() && !saga.compensated()) {
      LOG.warn(
          "{}: saga {} failed at step '{}' and could not be fully compensated: {}",
          endpoint.route(),
          saga.sagaId(),
          saga.failedStep(),
          saga.compensations());
    }
  }

  private StoredAnswer answerOf(
      RoutingContext ctx, String sagaId, AsyncResult<SagaResult> done, RequestRecord record) {
    if (done.failed() && done.cause() instanceof SagaLogUnavailable unavailable) {
      LOG.warn("{}: saga not started: {}", endpoint.route(), unavailable.getMessage());
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
      return problem(
          ctx,
          sagaId,
          routeProblem(
              ctx,
              503,
              "saga-log-unavailable",
              "the saga log could not be written, so no step was sent: try again"));
    }
    if (done.failed() && done.cause() instanceof LeaseLost) {
      LOG.warn("{}: saga {} was taken over by another instance", endpoint.route(), sagaId);
      return handedOver(
          ctx,
          sagaId,
          "saga-taken-over",
          "this gateway lost the saga to another instance, which finishes it: its outcome is at "
              + SagaStates.location(sagaId));
    }
    if (done.failed() && done.cause() instanceof SagaSuspended suspended) {
      return handedOver(
          ctx,
          sagaId,
          "saga-suspended",
          suspended.getMessage() + "; its outcome will be at " + SagaStates.location(sagaId));
    }
    if (done.failed()) {
      LOG.error("{}: saga {} failed unexpectedly", endpoint.route(), sagaId, done.cause());
      return problem(
          ctx,
          sagaId,
          routeProblem(ctx, 500, "internal", "the gateway failed unexpectedly")
              .put("sagaId", sagaId));
    }
    SagaResult result = done.result();
    if (!result.succeeded()) {
      return problem(ctx, sagaId, SagaProblem.of(result, endpoint.route(), ctx.request().path()));
    }
    record.calls = result.completed().calls();
    ctx.response().putHeader(Answers.SERVER_TIMING, ServerTiming.of(result.completed().calls()));
    try {
      Buffer body = JsonCodec.encode(ResponseShaper.shape(endpoint, result.completed().context()));
      return new StoredAnswer(200, "application/json", body, sagaId);
    } catch (EvaluationException | IllegalStateException e) {
      return problem(
          ctx,
          sagaId,
          routeProblem(
                  ctx,
                  500,
                  "template-error",
                  "every step was done, but the response template failed: " + e.getMessage())
              .put("sagaId", sagaId));
    }
  }

  private static StoredAnswer problem(RoutingContext ctx, String sagaId, JsonObject problem) {
    RequestRecord record = ctx.get(RequestRecord.KEY);
    if (record != null) {
      problem.put("requestId", record.requestId()).put("traceId", record.trace.traceId());
    }
    return new StoredAnswer(
        problem.getInteger("status"), Problem.CONTENT_TYPE, problem.toBuffer(), sagaId);
  }

  private static void send(RoutingContext ctx, StoredAnswer answer, boolean replayed) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten() || response.closed()) {
      return;
    }
    response
        .setStatusCode(answer.status())
        .putHeader(Answers.CONTENT_TYPE, answer.contentType())
        .putHeader(Answers.CACHE_CONTROL, "no-store")
        .putHeader(SAGA_ID, answer.sagaId());
    if (replayed) {
      response.putHeader(REPLAYED, "true");
    }
    if (answer.status() == 202) {
      response.putHeader(HttpHeaders.LOCATION, SagaStates.location(answer.sagaId()));
    }
    response.end(answer.body().copy());
  }

  /**
   * Keys are per caller on an endpoint with auth: one user's key never replays another's answer.
   */
  private String identity(Map<String, Object> context) {
    Object claims = context.get("auth");
    return claims instanceof Map<?, ?> map ? String.valueOf(map.get("sub")) : "";
  }

  /** The same request: method, path, query (in any order) and the body's bytes. */
  private static String fingerprint(RoutingContext ctx) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(ctx.request().method().name().getBytes(StandardCharsets.UTF_8));
      digest.update(ctx.request().path().getBytes(StandardCharsets.UTF_8));
      Map<String, String> query = new TreeMap<>();
      ctx.queryParams().forEach(e -> query.merge(e.getKey(), e.getValue(), (a, b) -> a + "," + b));
      digest.update(query.toString().getBytes(StandardCharsets.UTF_8));
      if (ctx.body() != null && ctx.body().buffer() != null) {
        digest.update(ctx.body().buffer().getBytes());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
