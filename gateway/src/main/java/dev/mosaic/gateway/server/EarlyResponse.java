package dev.mosaic.gateway.server;

import dev.mosaic.gateway.execution.Problem;
import dev.mosaic.gateway.json.JsonCodec;
import dev.mosaic.rules.expression.EvaluationException;
import dev.mosaic.rules.plan.EarlyAnswer;
import dev.mosaic.rules.plan.EndpointPlan;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * An endpoint's {@code respond:} rules, tried in order before any call: the first whose condition
 * holds over the request answers it, and no service hears of the request.
 */
final class EarlyResponse {

  private static final String TIMING = "respond;desc=\"early\";dur=0.00";

  private EarlyResponse() {}

  /**
   * @return whether a rule answered the request
   */
  static boolean answered(RoutingContext ctx, EndpointPlan endpoint, Map<String, Object> context) {
    for (EarlyAnswer early : endpoint.respond()) {
      try {
        if (early.when().test(context)) {
          answer(ctx, endpoint, early, early.body() == null ? null : early.body().render(context));
          return true;
        }
      } catch (EvaluationException e) {
        // these templates read nothing but the request: that request does not fit them
        Answers.problem(
            ctx,
            Problem.of(
                    400,
                    "bad-request",
                    "the request's input does not fit respond: " + e.getMessage(),
                    ctx.request().path())
                .put("route", endpoint.route()));
        return true;
      }
    }
    return false;
  }

  private static void answer(
      RoutingContext ctx, EndpointPlan endpoint, EarlyAnswer early, Object body) {
    HttpServerResponse response = ctx.response();
    response.putHeader(Answers.SERVER_TIMING, TIMING);
    if (early.problem()) {
      JsonObject problem =
          Problem.of(
              early.status(),
              "respond",
              "the endpoint's rules answer this request with " + early.status(),
              ctx.request().path());
      if (body instanceof Map<?, ?> fields) { // type, title, detail and extension members
        fields.forEach((name, value) -> problem.put((String) name, value));
      }
      Answers.problem(ctx, problem.put("route", endpoint.route()));
      return;
    }
    response.setStatusCode(early.status());
    if (body == null || early.status() == 204) {
      response.end();
      return;
    }
    response.putHeader(Answers.CONTENT_TYPE, Answers.JSON).end(JsonCodec.encode(body));
  }
}
