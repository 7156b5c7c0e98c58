package dev.mosaic.gateway.server;

import dev.mosaic.gateway.execution.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes problem answers the same way from every handler. */
final class Answers {

  // header names hashed once, not on every answer
  static final CharSequence DEGRADED = HttpHeaders.createOptimized("Mosaic-Degraded");
  static final CharSequence SERVER_TIMING = HttpHeaders.createOptimized("Server-Timing");
  static final CharSequence CACHE = HttpHeaders.createOptimized("Mosaic-Cache");
  static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;
  static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  static final CharSequence CACHE_CONTROL = HttpHeaders.CACHE_CONTROL;
  static final CharSequence ETAG = HttpHeaders.ETAG;
  static final CharSequence IF_NONE_MATCH = HttpHeaders.IF_NONE_MATCH;
  static final CharSequence SURROGATE_KEY = HttpHeaders.createOptimized("Surrogate-Key");

  private Answers() {}

  static void problem(RoutingContext ctx, JsonObject problem) {
    problem(ctx, problem, 0);
  }

  /**
   * Writes {@code problem} with the request's id and trace id, so a client's report can be found in
   * the access log and in the services' logs.
   *
   * @param retryAfterMillis for a 503: when the client may try again (rounded up to seconds, at
   *     least 1)
   */
  static void problem(RoutingContext ctx, JsonObject problem, long retryAfterMillis) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten() || response.closed()) {
      return;
    }
    RequestRecord record = ctx.get(RequestRecord.KEY);
    if (record != null) {
      problem.put("requestId", record.requestId()).put("traceId", record.trace.traceId());
      response.putHeader(
          RequestObserver.REQUEST_ID, record.requestId()); // again: a passthrough clears headers
    }
    int status = problem.getInteger("status");
    response.setStatusCode(status).putHeader("content-type", Problem.CONTENT_TYPE);
    if (status == 503) {
      response.putHeader(
          "retry-after", Long.toString(Math.max(1, (retryAfterMillis + 999) / 1000)));
    }
    response.end(problem.toBuffer());
  }
}
