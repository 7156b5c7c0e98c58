package dev.mosaic.gateway.server;

import dev.mosaic.gateway.execution.CallOutcome;
import dev.mosaic.gateway.execution.CallRecord;
import dev.mosaic.gateway.execution.CallRequests;
import dev.mosaic.gateway.execution.Problem;
import dev.mosaic.gateway.execution.Reason;
import dev.mosaic.gateway.execution.RequestInputException;
import dev.mosaic.gateway.execution.ServerTiming;
import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.CallHeaders;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.HopByHop;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.http.ServiceRequest;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * One call and no response shape: the service's status, allowlisted headers and body are streamed
 * to the client without parsing (with back-pressure, so a large body never sits in memory). A 5xx
 * (or a 401/407: the gateway's own credentials were refused) becomes a 502 problem without the
 * service's body, as for composed endpoints; a failure after the body started streaming closes the
 * client's connection, since the status has already been sent and only a broken connection tells
 * the client the body is incomplete.
 */
final class PassthroughHandler {

  /**
   * Response headers that describe the representation; everything else stays behind the gateway.
   */
  static final List<String> RESPONSE_HEADERS =
      List.of(
          "content-type",
          "content-language",
          "content-encoding",
          "cache-control",
          "etag",
          "last-modified",
          "expires",
          "location",
          "vary");

  /** The same names with their hashes computed once: nine look-ups on every passthrough answer. */
  private static final List<CharSequence> RESPONSE_HEADER_NAMES =
      RESPONSE_HEADERS.stream()
          .<CharSequence>map(io.vertx.core.http.HttpHeaders::createOptimized)
          .toList();

  private static final CharSequence CONNECTION = io.vertx.core.http.HttpHeaders.CONNECTION;
  private static final CharSequence CONTENT_LENGTH = io.vertx.core.http.HttpHeaders.CONTENT_LENGTH;

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(PassthroughHandler.class);

  private PassthroughHandler() {}

  static void forward(
      RoutingContext ctx,
      EndpointPlan endpoint,
      Map<String, Object> context,
      ServiceCaller clients,
      Timeouts timeouts,
      long deadlineNanos,
      RequestRecord record,
      CallHeaders callHeaders,
      ChangeEvents events) {
    CallPlan call = endpoint.calls().get(0);
    long timeout =
        Math.min(
            call.timeout().toMillis(),
            Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
    ServiceRequest request;
    try {
      request = CallRequests.prepare(call, context).requests().get(0);
    } catch (RequestInputException e) {
      // as a composed endpoint answers: the client's bad input means the call never started;
      // a value the call cannot carry is the call's failure
      if (e.reason() == Reason.BAD_INPUT) {
        problem(
            ctx,
            endpoint,
            400,
            e.reason(),
            e.getMessage(),
            new CallRecord(call, null, 0, 0, false),
            0);
      } else {
        long now = System.nanoTime();
        problem(
            ctx,
            endpoint,
            e.reason().answerStatus(0),
            e.reason(),
            required(call, e.getMessage()),
            new CallRecord(
                call, new CallOutcome.Failed(e.reason(), 0, e.getMessage()), now, now, false),
            0);
      }
      return;
    }
    if (request.body() == null && ctx.body().available() && ctx.body().length() > 0) {
      String type = ctx.request().getHeader("content-type");
      if (type != null) {
        request.headers().set("content-type", type);
      }
      request =
          new ServiceRequest(
              request.method(), request.uri(), request.headers(), ctx.body().buffer());
    }
    callHeaders.addTo(request.headers());
    long endsAt = System.nanoTime() + timeout * 1_000_000;
    List<String> announced =
        endpoint.announce().isEmpty() || events == null
            ? List.of()
            : dev.mosaic.gateway.cache.CacheTags.render(endpoint.announce(), context);
    new Stream(ctx, endpoint, call, timeout, timeouts, record, announced, events)
        .start(
            clients,
            new Outbound(
                call.service(), call.resilience(), request, endsAt, true, -1, endpoint.route()));
  }

  private static String required(CallPlan call, String detail) {
    return "required call '" + call.name() + "' failed: " + detail;
  }

  /** The same problem, Server-Timing and call list a composed endpoint answers with. */
  private static void problem(
      RoutingContext ctx,
      EndpointPlan endpoint,
      int status,
      Reason reason,
      String detail,
      CallRecord call,
      long retryAfterMillis) {
    List<CallRecord> calls = List.of(call);
    ctx.response().putHeader(Answers.SERVER_TIMING, ServerTiming.of(calls));
    Answers.problem(
        ctx,
        Problem.withCalls(
            Problem.of(status, reason.label(), detail, ctx.request().path()),
            endpoint.route(),
            calls),
        retryAfterMillis);
  }

  /** The state of one streamed exchange; all on the request's event loop. */
  private static final class Stream {
    private final RoutingContext ctx;
    private final EndpointPlan endpoint;
    private final CallPlan call;
    private final long timeout;
    private final Timeouts timeouts;
    private final long started = System.nanoTime();
    private Exchange exchange;
    private HttpClientResponse upstream;
    private Timeouts.Timeout timer;
    private long lastProgress;
    private boolean done;
    private final RequestRecord record;
    private final List<String> announced;
    private final ChangeEvents events;

    /**
     * @param announced the tags a successful write announces before its answer streams, or none
     */
    Stream(
        RoutingContext ctx,
        EndpointPlan endpoint,
        CallPlan call,
        long timeout,
        Timeouts timeouts,
        RequestRecord record,
        List<String> announced,
        ChangeEvents events) {
      this.record = record;
      this.announced = announced;
      this.events = events;
      this.ctx = ctx;
      this.endpoint = endpoint;
      this.call = call;
      this.timeout = timeout;
      this.timeouts = timeouts;
    }

    void start(ServiceCaller clients, Outbound outbound) {
      // the total limit covers getting the answer's head (through the breaker, retries and
      // hedges of the call stack); the body then streams at the client's pace with an idle
      // limit, so a slow client downloading a large body is not cut off
      // only the call's own limit blames the service (breaker, ejection); a cut by the deadline
      // does not
      CallFailure.Kind kind =
          timeout >= call.timeout().toMillis()
              ? CallFailure.Kind.TIMEOUT
              : CallFailure.Kind.CANCELLED;
      timer =
          timeouts.schedule(
              timeout * 1_000_000,
              () -> {
                timer = null;
                String detail = call.service().name() + ": no answer within " + timeout + "ms";
                fail(
                    kind == CallFailure.Kind.TIMEOUT ? Reason.TIMEOUT : Reason.DEADLINE,
                    0,
                    detail); // answers 504 first
                exchange.cancel(new CallFailure(kind, detail));
              });
      ctx.response()
          .closeHandler(
              v -> {
                if (!done && upstream == null) {
                  exchange.cancel(
                      new CallFailure(CallFailure.Kind.CANCELLED, "the client went away"));
                }
                fail(Reason.CANCELLED, 0, "the client went away");
              });
      exchange = clients.send(outbound);
      exchange
          .result()
          .onComplete(
              answer -> {
                if (answer.failed()) {
                  fail(answer.cause());
                } else if (done) {
                  answer.result().discard();
                } else if (!announced.isEmpty()
                    && answer.result().status() >= 200
                    && answer.result().status() < 300) {
                  announceThenStream(answer.result().stream());
                } else {
                  stream(answer.result().stream());
                }
              });
    }

    /**
     * The write's change event is appended while the answer waits, paused, so the client's {@code
     * Mosaic-Version} names an event that exists; if it cannot be, the answer goes out without one.
     */
    private void announceThenStream(HttpClientResponse upstream) {
      // the service answered: the write is done, and the call's limit must not turn a slow
      // append into a 504 (the append has its own, and then the answer goes out without a version)
      cancelTimer();
      events
          .log()
          .append(announced)
          .onComplete(
              appended -> {
                if (done) { // the time limit or the client ended it meanwhile
                  upstream.request().reset();
                  return;
                }
                if (appended.succeeded()) {
                  ctx.response().putHeader(ChangeEvents.VERSION, appended.result().toString());
                } else {
                  LOG.warn(
                      "{}: the write's change event could not be appended: {}",
                      endpoint.route(),
                      appended.cause().getMessage());
                }
                stream(upstream);
              });
    }

    private void stream(HttpClientResponse upstream) {
      this.upstream = upstream;
      cancelTimer();
      HttpServerResponse response = ctx.response();
      double millis = (System.nanoTime() - started) / 1_000_000.0;
      int status = upstream.statusCode();
      if (status >= 500 || status == 401 || status == 407) {
        fail(Reason.ofStatus(status), status, call.service().name() + " answered " + status);
        return;
      }
      recordCall(new CallOutcome.Ok(status, null, null));
      response.setStatusCode(status);
      passHeaders(upstream, RESPONSE_HEADER_NAMES, response);
      passHeaders(upstream, endpoint.responseHeaders(), response);
      String length = upstream.getHeader(CONTENT_LENGTH);
      if (length != null) {
        response.putHeader(CONTENT_LENGTH, length);
      } else {
        response.setChunked(true);
      }
      response.putHeader(Answers.SERVER_TIMING, ServerTiming.single(call.name(), "ok", millis));
      // A pipe by hand: back-pressure both ways, and progress (a chunk in, or the client
      // draining) resets the idle limit. A body that breaks off is never ended cleanly.
      lastProgress = System.nanoTime();
      upstream.exceptionHandler(
          t -> fail(Reason.RESET, status, call.service().name() + ": the body broke off"));
      upstream.handler(
          chunk -> {
            lastProgress = System.nanoTime();
            response.write(chunk);
            if (response.writeQueueFull()) {
              upstream.pause();
              response.drainHandler(
                  drained -> {
                    lastProgress = System.nanoTime();
                    upstream.resume();
                  });
            }
          });
      upstream.endHandler(
          end -> {
            if (!done) {
              done = true;
              cancelTimer();
              response.end();
            }
          });
      upstream.resume(); // the call stack handed it over paused
      watchIdle(status);
    }

    /** Only allowlisted headers, and none the service's Connection header marks as hop-by-hop. */
    private static void passHeaders(
        HttpClientResponse upstream,
        List<? extends CharSequence> names,
        HttpServerResponse response) {
      MultiMap headers = upstream.headers();
      boolean connectionNamesSome = headers.contains(CONNECTION); // rare: then each name is checked
      for (CharSequence name : names) {
        String value = headers.get(name);
        if (value == null || (connectionNamesSome && HopByHop.is(name.toString(), headers))) {
          continue;
        }
        List<String> values = headers.getAll(name);
        if (values.size() == 1) {
          response.headers().set(name, value);
        } else {
          response.headers().set(name.toString(), values);
        }
      }
    }

    private void watchIdle(int status) {
      if (done) {
        return;
      }
      long idleFor = System.nanoTime() - lastProgress;
      long limit = timeout * 1_000_000;
      if (idleFor >= limit) {
        fail(Reason.TIMEOUT, status, "the body stalled for " + timeout + "ms");
        return;
      }
      timer = timeouts.schedule(limit - idleFor, () -> watchIdle(status));
    }

    private void fail(Throwable cause) {
      CallFailure failure = CallFailure.classify(cause);
      String detail =
          failure.getMessage().startsWith(call.service().name() + ":")
              ? failure.getMessage()
              : call.service().name() + ": " + failure.getMessage();
      fail(Reason.of(failure.kind()), 0, detail, failure.retryAfterMillis());
    }

    private void fail(Reason reason, int status, String detail) {
      fail(reason, status, detail, 0);
    }

    private void fail(Reason reason, int status, String detail, long retryAfterMillis) {
      if (done) {
        return;
      }
      done = true; // before the reset below, whose callbacks come back here
      cancelTimer();
      CallRecord failed =
          new CallRecord(
              call,
              new CallOutcome.Failed(reason, status, detail, retryAfterMillis),
              started,
              System.nanoTime(),
              false);
      if (upstream == null) {
        record.calls = List.of(failed);
      } else {
        upstream.request().reset();
      }
      HttpServerResponse response = ctx.response();
      if (response.closed() || response.ended()) {
        return;
      }
      if (response.headWritten()) {
        // the status is out; only breaking the exchange tells the client the body is incomplete:
        // the connection on HTTP/1, the one stream on HTTP/2 (its other streams are not this one's)
        response.reset();
        return;
      }
      response.headers().clear(); // nothing of the service's answer belongs on a problem
      problem(
          ctx,
          endpoint,
          reason.answerStatus(status),
          reason,
          required(call, detail),
          failed,
          retryAfterMillis);
    }

    /**
     * The one call, for the metrics: as its head arrived (a failure before is recorded by fail).
     */
    private void recordCall(CallOutcome outcome) {
      record.calls = List.of(new CallRecord(call, outcome, started, System.nanoTime(), false));
    }

    private void cancelTimer() {
      if (timer != null) {
        timer.cancel();
        timer = null;
      }
    }
  }
}
