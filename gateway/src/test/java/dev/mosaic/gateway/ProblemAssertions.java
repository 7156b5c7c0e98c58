package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;

/** What every problem answer must look like, and how to find one call's outcome in it. */
final class ProblemAssertions {

  private ProblemAssertions() {}

  /** Asserts an RFC 9457 problem with this status (and Server-Timing) and returns its body. */
  static JsonObject problem(HttpResponse<String> response, int status) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(
        "application/problem+json", response.headers().firstValue("content-type").orElseThrow());
    assertTrue(
        response.headers().firstValue("Server-Timing").isPresent(),
        "Server-Timing on every answer");
    JsonObject problem = new JsonObject(response.body());
    assertEquals(status, problem.getInteger("status"));
    assertTrue(problem.getString("type").startsWith("urn:mosaic:problem:"));
    return problem;
  }

  static JsonObject call(JsonObject problem, String name) {
    JsonArray calls = problem.getJsonArray("calls");
    for (int i = 0; i < calls.size(); i++) {
      if (calls.getJsonObject(i).getString("name").equals(name)) {
        return calls.getJsonObject(i);
      }
    }
    throw new AssertionError("no call " + name + " in " + problem.encode());
  }
}
