package dev.mosaic.gateway.server;

import dev.mosaic.gateway.execution.Problem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Writes problem answers the same way from every handler. */
final class Answers {

  static final String DEGRADED = "Mosaic-Degraded";
  static final String SERVER_TIMING = "Server-Timing";

  private Answers() {}

  static void problem(HttpServerResponse response, JsonObject problem) {
    if (response.headWritten() || response.closed()) {
      return;
    }
    int status = problem.getInteger("status");
    response.setStatusCode(status).putHeader("content-type", Problem.CONTENT_TYPE);
    if (status == 503) {
      response.putHeader("retry-after", "1");
    }
    response.end(problem.toBuffer());
  }
}
