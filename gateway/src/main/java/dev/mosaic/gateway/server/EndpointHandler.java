package dev.mosaic.gateway.server;

import dev.mosaic.gateway.cache.CacheTags;
import dev.mosaic.gateway.cache.ResponseCache;
import dev.mosaic.gateway.cache.SharedComposition;
import dev.mosaic.gateway.event.StreamPosition;
import dev.mosaic.gateway.execution.AnswerFreshness;
import dev.mosaic.gateway.execution.ExecutionResult;
import dev.mosaic.gateway.execution.PlanExecution;
import dev.mosaic.gateway.execution.Problem;
import dev.mosaic.gateway.execution.ResponseShaper;
import dev.mosaic.gateway.execution.ServerTiming;
import dev.mosaic.gateway.http.CallHeaders;
import dev.mosaic.gateway.http.EntityTag;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.json.JsonCodec;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.gateway.view.LocalView;
import dev.mosaic.rules.expression.EvaluationException;
import dev.mosaic.rules.plan.EndpointPlan;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers one composed endpoint: context → plan execution → shaped JSON or problem details. */
final class EndpointHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(EndpointHandler.class);

  private final EndpointPlan endpoint;
  private final ServiceCaller clients;
  private final Timeouts timeouts;
  private final ResponseCache responses;
  private final boolean tracing;
  private final boolean surrogateKeys;
  private final SagaHandler sagas;
  private final ChangeEvents events;
  private final ViewReads views;

  /** The {@code Mosaic-Degraded} of a stored answer standing in for a failed composition. */
  private static final String STALE_ON_ERROR = "response;stale";

  /**
   * @param responses the composed-response cache when this endpoint is cached, else null
   * @param tracing whether calls carry the request's trace context
   * @param surrogateKeys whether answers carry {@code Surrogate-Key} with their cache tags
   * @param sagas what answers this endpoint when it is a saga, else null
   * @param events the change events: reads honour a minimum version, writes announce
   * @param views what answers this endpoint from its view when it has one, else null
   */
  EndpointHandler(
      EndpointPlan endpoint,
      ServiceCaller clients,
      Timeouts timeouts,
      ResponseCache responses,
      boolean tracing,
      boolean surrogateKeys,
      SagaHandler sagas,
      ChangeEvents events,
      ViewReads views) {
    this.sagas = sagas;
    this.events = events;
    this.views = views;
    this.tracing = tracing;
    this.surrogateKeys = surrogateKeys;
    this.endpoint = endpoint;
    this.clients = clients;
    this.timeouts = timeouts;
    this.responses = responses;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long deadline = System.nanoTime() + endpoint.deadline().toNanos();
    Map<String, Object> context;
    try {
      context = RequestContext.of(ctx, endpoint);
    } catch (RequestContext.InvalidRequest e) {
      Answers.problem(
          ctx,
          Problem.of(e.status(), "bad-request", e.getMessage(), ctx.request().path())
              .put("route", endpoint.route()));
      return;
    }
    if (!endpoint.respond().isEmpty() && EarlyResponse.answered(ctx, endpoint, context)) {
      return;
    }
    RequestRecord record = ctx.get(RequestRecord.KEY);
    CallHeaders callHeaders =
        new CallHeaders(tracing ? record.trace : null, record.client.forwardedFor(), record.span);
    StreamPosition min = null;
    if (endpoint.method().equals("GET")) {
      try {
        min = ChangeEvents.minVersion(ctx.request());
      } catch (ChangeEvents.BadVersion e) {
        Answers.problem(
            ctx,
            Problem.of(400, "bad-request", e.getMessage(), ctx.request().path())
                .put("route", endpoint.route()));
        return;
      }
    }
    if (min == null) {
      read(ctx, context, deadline, record, callHeaders, null, false);
      return;
    }
    StreamPosition wanted = min;
    long waitMillis =
        Math.min(events.versionWait().toMillis(), (deadline - System.nanoTime()) / 2 / 1_000_000);
    events
        .views()
        .progress()
        .awaitApplied(ctx.vertx(), wanted, waitMillis)
        .onComplete(
            applied ->
                read(
                    ctx,
                    context,
                    deadline,
                    record,
                    callHeaders,
                    wanted,
                    !(applied.succeeded() && applied.result())));
  }

  /**
   * @param min the version the client must see, or null
   * @param behind whether this gateway had not applied {@code min} in time: then no view or cached
   *     answer is used
   */
  private void read(
      RoutingContext ctx,
      Map<String, Object> context,
      long deadline,
      RequestRecord record,
      CallHeaders callHeaders,
      StreamPosition min,
      boolean behind) {
    if (endpoint.passthrough()) {
      PassthroughHandler.forward(
          ctx, endpoint, context, clients, timeouts, deadline, record, callHeaders, events);
      return;
    }
    if (sagas != null) {
      sagas.handle(ctx, context, record, callHeaders);
      return;
    }
    if (views != null) {
      views.read(
          context,
          min,
          behind,
          deadline,
          keep -> execute(ctx, context, deadline, null, record, callHeaders, null, keep),
          (view, source) -> answerFromView(ctx, context, record, view, source));
      return;
    }
    if (responses == null || behind) {
      execute(ctx, context, deadline, null, record, callHeaders, null, null);
      return;
    }
    String key = ResponseCache.key(endpoint, context);
    responses
        .find(key, timeouts)
        .onComplete(
            found -> {
              ResponseCache.Hit hit = found.result();
              if (hit != null && !hit.stale()) {
                record.cache = "hit";
                answerFromCache(ctx, context, hit, "hit");
                return;
              }
              if (hit != null) { // stale-while-revalidate: answer now, refresh behind it
                record.cache = "stale";
                answerFromCache(ctx, context, hit, "stale");
                refresh(key, context, callHeaders);
                return;
              }
              SharedComposition composition = responses.compose(key);
              if (composition.leads()) {
                execute(ctx, context, deadline, key, record, callHeaders, composition, null);
                return;
              }
              composition
                  .followed()
                  .onComplete(
                      shared -> {
                        if (shared.result() != null) {
                          record.cache = "hit";
                          answerFromCache(
                              ctx, context, new ResponseCache.Hit(shared.result(), 0), "coalesced");
                        } else { // the leader's answer was not cacheable: compose this one alone
                          execute(ctx, context, deadline, key, record, callHeaders, null, null);
                        }
                      });
            });
  }

  /**
   * @param cacheKey where to store a complete answer, or null when the endpoint is not cached
   * @param composition the concurrent misses of the same key waiting on this execution, or null
   * @param keep given the answer's body when it is complete (a view's), or null
   */
  private void execute(
      RoutingContext ctx,
      Map<String, Object> context,
      long deadline,
      String cacheKey,
      RequestRecord record,
      CallHeaders callHeaders,
      SharedComposition composition,
      Consumer<Buffer> keep) {
    PlanExecution execution =
        new PlanExecution(timeouts, endpoint, context, clients, deadline, callHeaders);
    // a client that gives up must not leave its calls running (a retrying client would multiply
    // them)
    ctx.response().closeHandler(closed -> execution.cancel());
    Future<ExecutionResult> running;
    try {
      running = execution.run();
    } catch (RuntimeException e) {
      if (composition != null) {
        composition.done(null); // its followers compose alone rather than wait for nothing
      }
      throw e;
    }
    running.onComplete(
        done -> {
          Buffer stored = null;
          try {
            if (done.succeeded()) {
              record.calls = done.result().calls();
              record.degraded = done.result().degraded();
              stored = answer(ctx, done.result(), cacheKey, record, keep);
            } else {
              LOG.error(
                  "{} (request {}): execution failed unexpectedly",
                  endpoint.route(),
                  record.requestId(),
                  done.cause());
              Answers.problem(
                  ctx,
                  Problem.of(
                          500, "internal", "the gateway failed unexpectedly", ctx.request().path())
                      .put("route", endpoint.route()));
            }
          } finally {
            if (composition != null) {
              composition.done(stored); // whatever came of it: followers must not wait forever
            }
          }
        });
  }

  /**
   * Composes a stale answer's key again, behind the answer already sent: at most one refresh per
   * key at a time (or none, when a miss is composing it already), stored only when complete.
   */
  private void refresh(String key, Map<String, Object> context, CallHeaders callHeaders) {
    SharedComposition composition = responses.compose(key);
    if (!composition.leads()) {
      return;
    }
    Future<ExecutionResult> running;
    try {
      running =
          new PlanExecution(
                  timeouts,
                  endpoint,
                  context,
                  clients,
                  System.nanoTime() + endpoint.deadline().toNanos(),
                  callHeaders)
              .run();
    } catch (RuntimeException e) {
      composition.done(null);
      throw e;
    }
    running.onComplete(
        done -> {
          Buffer stored = null;
          try {
            ExecutionResult result = done.result();
            if (done.succeeded() && !result.failed() && result.degraded().isEmpty()) {
              stored = JsonCodec.encode(ResponseShaper.shape(endpoint, result.context()));
              responses.store(
                  key,
                  endpoint.cache(),
                  CacheTags.render(endpoint.cache().tags(), result.context()),
                  stored);
            }
          } catch (EvaluationException | IllegalStateException e) {
            stored = null;
            LOG.warn("{}: refreshing a stale answer failed: {}", endpoint.route(), e.getMessage());
          } finally {
            composition.done(stored);
          }
        });
  }

  /**
   * @param source {@code hit} from the cache, {@code stale} from it past its ttl while a refresh
   *     runs, {@code coalesced} from a concurrent miss's execution
   */
  private void answerFromCache(
      RoutingContext ctx, Map<String, Object> context, ResponseCache.Hit hit, String source) {
    HttpServerResponse response = ctx.response();
    if (response.closed()) {
      return;
    }
    response
        .putHeader(Answers.CACHE, hit.stale() ? "stale" : "hit")
        .putHeader("age", Long.toString(hit.ageSeconds()))
        .putHeader(Answers.SERVER_TIMING, "response;desc=\"" + source + "\";dur=0.00");
    send(ctx, context, hit.body(), AnswerFreshness.fromResponseCache(endpoint, hit.ageSeconds()));
  }

  /**
   * A 200 with its validators, or a 304 without a body when the client already holds these bytes
   * ({@code If-None-Match}).
   */
  private void send(
      RoutingContext ctx, Map<String, Object> context, Buffer body, String cacheControl) {
    HttpServerResponse response = ctx.response();
    String tag = EntityTag.of(body);
    response.putHeader(Answers.CACHE_CONTROL, cacheControl).putHeader(Answers.ETAG, tag);
    if (surrogateKeys) {
      String keys = SurrogateKeys.of(endpoint, context);
      if (!keys.isEmpty()) {
        response.putHeader(Answers.SURROGATE_KEY, keys);
      }
    }
    if (EntityTag.matches(ctx.request().getHeader(Answers.IF_NONE_MATCH), tag)) {
      response.setStatusCode(304).end();
      return;
    }
    response.setStatusCode(200).putHeader(Answers.CONTENT_TYPE, Answers.JSON).end(body);
  }

  /**
   * @return the body stored in the response cache, or null when nothing was stored
   */
  private Buffer answer(
      RoutingContext ctx,
      ExecutionResult result,
      String cacheKey,
      RequestRecord record,
      Consumer<Buffer> keep) {
    HttpServerResponse response = ctx.response();
    if (response.closed()) {
      return null; // the client left; nothing to say
    }
    response.putHeader(Answers.SERVER_TIMING, ServerTiming.of(result.calls()));
    // a cached endpoint that had to compose its answer says miss, whatever its calls did
    record.cache = cacheKey != null || keep != null ? "miss" : ServerTiming.cacheOf(result.calls());
    response.putHeader(Answers.CACHE, record.cache);
    long age = ServerTiming.ageOf(result.calls());
    if (age >= 0) {
      response.putHeader("age", Long.toString(age));
    }
    if (!result.degraded().isEmpty()) {
      response.putHeader(Answers.DEGRADED, String.join(", ", result.degraded()));
    }
    if (result.failed() && cacheKey != null && result.failure().status() >= 500) {
      ResponseCache.Hit stale = responses.onError(cacheKey);
      if (stale != null) { // stale-if-error: the last good answer, said to be degraded
        record.cache = "stale";
        record.degraded = java.util.List.of(STALE_ON_ERROR);
        response
            .putHeader(Answers.CACHE, "stale")
            .putHeader("age", Long.toString(stale.ageSeconds()))
            .putHeader(Answers.DEGRADED, STALE_ON_ERROR);
        send(ctx, result.context(), stale.body(), AnswerFreshness.NO_STORE);
        return null;
      }
    }
    if (result.failed()) {
      ExecutionResult.Failure failure = result.failure();
      Answers.problem(
          ctx,
          Problem.withCalls(
              Problem.of(
                  failure.status(),
                  failure.reason().label(),
                  failure.detail(),
                  ctx.request().path()),
              endpoint.route(),
              result.calls()),
          failure.retryAfterMillis());
      return null;
    }
    Buffer body;
    try {
      body = JsonCodec.encode(ResponseShaper.shape(endpoint, result.context()));
    } catch (EvaluationException | IllegalStateException e) {
      LOG.warn(
          "{} (request {}): response template failed: {}",
          endpoint.route(),
          record.requestId(),
          e.getMessage());
      Answers.problem(
          ctx,
          Problem.withCalls(
              Problem.of(
                  500,
                  "template-error",
                  "the response template failed: " + e.getMessage(),
                  ctx.request().path()),
              endpoint.route(),
              result.calls()));
      return null;
    }
    Buffer stored = null;
    if (cacheKey != null && result.degraded().isEmpty()) {
      responses.store(
          cacheKey,
          endpoint.cache(),
          CacheTags.render(endpoint.cache().tags(), result.context()),
          body);
      stored = body;
    }
    if (keep != null && result.degraded().isEmpty()) {
      keep.accept(body);
    }
    if (!endpoint.announce().isEmpty() && events != null) {
      announceThenSend(ctx, result, body, record);
      return stored;
    }
    send(ctx, result.context(), body, AnswerFreshness.of(endpoint, result));
    return stored;
  }

  /**
   * A write's change event is appended before its answer goes out, so the {@code Mosaic-Version}
   * the client gets names an event that exists. The write happened either way: if the event cannot
   * be appended the answer goes out without a version (caches then wait for their ttl).
   */
  private void announceThenSend(
      RoutingContext ctx, ExecutionResult result, Buffer body, RequestRecord record) {
    List<String> tags = CacheTags.render(endpoint.announce(), result.context());
    if (tags.isEmpty()) {
      send(ctx, result.context(), body, AnswerFreshness.of(endpoint, result));
      return;
    }
    events
        .log()
        .append(tags)
        .onComplete(
            appended -> {
              if (appended.succeeded()) {
                ctx.response().putHeader(ChangeEvents.VERSION, appended.result().toString());
              } else {
                LOG.warn(
                    "{} (request {}): the write's change event could not be appended: {}",
                    endpoint.route(),
                    record.requestId(),
                    appended.cause().getMessage());
              }
              send(ctx, result.context(), body, AnswerFreshness.of(endpoint, result));
            });
  }

  /** A view's answer: its position says which changes it reflects. */
  private void answerFromView(
      RoutingContext ctx,
      Map<String, Object> context,
      RequestRecord record,
      LocalView view,
      String source) {
    HttpServerResponse response = ctx.response();
    if (response.closed()) {
      return;
    }
    record.cache = view.stale() ? "view-stale" : "view";
    long ageSeconds =
        Math.max(0, (System.currentTimeMillis() - view.view().composedAtMillis()) / 1000);
    response
        .putHeader(Answers.CACHE, record.cache)
        .putHeader("age", Long.toString(ageSeconds))
        .putHeader(ChangeEvents.VERSION, view.view().position().toString())
        .putHeader(Answers.SERVER_TIMING, "view;desc=\"" + source + "\";dur=0.00");
    send(ctx, context, view.view().body(), VIEW_FRESHNESS);
  }

  /** Clients revalidate (ETag) rather than keep a view answer: it changes with the events. */
  private static final String VIEW_FRESHNESS = "no-cache";
}
