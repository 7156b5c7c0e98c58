package dev.mosaic.gateway.server;

import dev.mosaic.gateway.execution.Problem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Writes problem answers the same way from every handler. */
final class Answers {

  static final String DEGRADED = "Mosaic-Degraded";
  static final String SERVER_TIMING = "Server-Timing";
  static final String CACHE = "Mosaic-Cache";

  private Answers() {}

  static void problem(HttpServerResponse response, JsonObject problem) {
    problem(response, problem, 0);
  }

  /** @param retryAfterMillis for a 503: when the client may try again (rounded up to seconds, at least 1) */
  static void problem(HttpServerResponse response, JsonObject problem, long retryAfterMillis) {
    if (response.headWritten() || response.closed()) {
      return;
    }
    int status = problem.getInteger("status");
    response.setStatusCode(status).putHeader("content-type", Problem.CONTENT_TYPE);
    if (status == 503) {
      response.putHeader("retry-after", Long.toString(Math.max(1, (retryAfterMillis + 999) / 1000)));
    }
    response.end(problem.toBuffer());
  }
}
