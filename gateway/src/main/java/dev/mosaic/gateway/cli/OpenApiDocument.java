package dev.mosaic.gateway.cli;

import dev.mosaic.gateway.metrics.BuildInfo;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.GatewayPlan;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 description of a config's endpoints: each route and method, its path parameters
 * with the patterns the gateway enforces, a JSON request body on writes, the answer's status and
 * every problem (RFC 9457, {@code application/problem+json}) the gateway itself may answer with,
 * per the failure table in docs/rules.md. Answer bodies are composed, so their schema is left open.
 */
final class OpenApiDocument {

  private static final String PROBLEM_REF = "#/components/schemas/Problem";

  private OpenApiDocument() {}

  static JsonObject of(GatewayPlan plan) {
    JsonObject paths = new JsonObject();
    for (EndpointPlan endpoint : plan.endpoints()) {
      JsonObject item = paths.getJsonObject(endpoint.routePath());
      if (item == null) {
        item = new JsonObject();
        paths.put(endpoint.routePath(), item);
      }
      item.put(endpoint.method().toLowerCase(Locale.ROOT), operation(endpoint));
    }
    return new JsonObject()
        .put("openapi", "3.1.0")
        .put(
            "info",
            new JsonObject()
                .put("title", "Mosaic: " + plan.source())
                .put("version", BuildInfo.current().version())
                .put(
                    "description",
                    "Composed endpoints of " + plan.source() + ", written by mosaic openapi."))
        .put("paths", paths)
        .put("components", components());
  }

  private static JsonObject operation(EndpointPlan endpoint) {
    JsonObject operation =
        new JsonObject()
            .put("operationId", operationId(endpoint))
            .put("summary", summary(endpoint));
    JsonArray parameters = new JsonArray();
    for (String name : endpoint.pathParams()) {
      JsonObject schema = new JsonObject().put("type", "string");
      Pattern pattern = endpoint.paramPatterns().get(name);
      if (pattern != null) {
        schema.put("pattern", "^(?:" + pattern.pattern() + ")$");
      }
      parameters.add(
          new JsonObject()
              .put("name", name)
              .put("in", "path")
              .put("required", true)
              .put("schema", schema));
    }
    if (!parameters.isEmpty()) {
      operation.put("parameters", parameters);
    }
    boolean write = !endpoint.method().equals("GET") && !endpoint.method().equals("HEAD");
    if (write) {
      // the limit is on the body's bytes, whatever its JSON type: said in words and as an
      // extension, not as a schema keyword (maxLength would claim the body is a string)
      operation.put(
          "requestBody",
          new JsonObject()
              .put("required", false)
              .put("description", "JSON, at most " + endpoint.maxBodySize() + " bytes")
              .put("x-mosaic-max-body-bytes", endpoint.maxBodySize())
              .put("content", new JsonObject().put("application/json", new JsonObject())));
    }
    JsonObject responses = new JsonObject();
    if (endpoint.saga() != null && endpoint.saga().async()) {
      responses.put("202", answer("accepted: the saga runs; its state is at the Location"));
    } else {
      responses.put(
          "200", answer(endpoint.passthrough() ? "the service's answer" : "the composed answer"));
    }
    if (!endpoint.pathParams().isEmpty() || write) {
      responses.put("400", problem("bad client input (a path parameter, a value, the body)"));
    }
    if (endpoint.auth() != null) {
      responses.put("401", problem("no valid token"));
      responses.put("403", problem("the token lacks a required claim"));
    }
    responses.put("404", problem("not found (a required call answered 404)"));
    if (endpoint.saga() != null) {
      responses.put("409", problem("the saga failed and its completed steps were undone"));
      responses.put("422", problem("the Idempotency-Key was used for another request"));
    }
    if (write) {
      responses.put("413", problem("the body is larger than " + endpoint.maxBodySize() + " bytes"));
    }
    if (endpoint.rateLimit() != null) {
      responses.put("429", problem("over the rate limit; Retry-After says when to try again"));
    }
    responses.put("502", problem("a required service failed or answered something unusable"));
    responses.put("503", problem("a required service is unavailable (breaker, bulkhead, pool)"));
    responses.put(
        "504",
        problem("a required call timed out, or the deadline (" + endpoint.deadline() + ") passed"));
    return operation.put("responses", responses);
  }

  private static String operationId(EndpointPlan endpoint) {
    String path = endpoint.routePath().replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_");
    return endpoint.method().toLowerCase(Locale.ROOT) + path.replaceAll("_+$", "");
  }

  private static String summary(EndpointPlan endpoint) {
    if (endpoint.saga() != null) {
      return "a saga over " + endpoint.calls().size() + " steps";
    }
    if (endpoint.passthrough()) {
      return "passthrough to " + endpoint.calls().get(0).service().name();
    }
    return "composed from "
        + endpoint.calls().stream().map(c -> c.service().name()).distinct().toList();
  }

  private static JsonObject answer(String description) {
    return new JsonObject()
        .put("description", description)
        .put("content", new JsonObject().put("application/json", new JsonObject()));
  }

  private static JsonObject problem(String description) {
    return new JsonObject()
        .put("description", description)
        .put(
            "content",
            new JsonObject()
                .put(
                    "application/problem+json",
                    new JsonObject().put("schema", new JsonObject().put("$ref", PROBLEM_REF))));
  }

  private static JsonObject components() {
    JsonObject call =
        new JsonObject()
            .put("type", "object")
            .put(
                "properties",
                new JsonObject()
                    .put("name", new JsonObject().put("type", "string"))
                    .put("service", new JsonObject().put("type", "string"))
                    .put("outcome", new JsonObject().put("type", "string"))
                    .put("status", new JsonObject().put("type", "integer"))
                    .put("durationMs", new JsonObject().put("type", "number")));
    JsonObject problem =
        new JsonObject()
            .put("type", "object")
            .put("description", "RFC 9457 problem details, as every error Mosaic answers")
            .put("required", new JsonArray().add("type").add("title").add("status"))
            .put(
                "properties",
                new JsonObject()
                    .put(
                        "type",
                        new JsonObject()
                            .put("type", "string")
                            .put("examples", new JsonArray().add("urn:mosaic:problem:timeout")))
                    .put("title", new JsonObject().put("type", "string"))
                    .put("status", new JsonObject().put("type", "integer"))
                    .put("detail", new JsonObject().put("type", "string"))
                    .put("instance", new JsonObject().put("type", "string"))
                    .put("route", new JsonObject().put("type", "string"))
                    .put("calls", new JsonObject().put("type", "array").put("items", call)));
    return new JsonObject().put("schemas", new JsonObject().put("Problem", problem));
  }
}
