package dev.mosaic.gateway.server;

import dev.mosaic.gateway.execution.ExecutionResult;
import dev.mosaic.gateway.execution.PlanExecution;
import dev.mosaic.gateway.execution.ResponseShaper;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.json.JsonCodec;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.gateway.view.ViewInputs;
import dev.mosaic.gateway.view.Views;
import dev.mosaic.rules.expression.EvaluationException;
import dev.mosaic.rules.plan.ContextNames;
import dev.mosaic.rules.plan.EndpointPlan;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * A view's background recomposition: the endpoint's plan run on the caller's event loop from the
 * view's stored input, under the same deadline, breakers and budgets as a live read. Only a
 * complete answer (nothing failed, nothing degraded) can become the view.
 */
final class ViewComposition {

  private ViewComposition() {}

  static Future<Views.Composition> run(
      EndpointPlan endpoint, ViewInputs inputs, ServiceCaller clients, Timeouts timeouts) {
    Map<String, Object> context = new HashMap<>(8);
    context.put(ContextNames.PATH, inputs.path());
    context.put(ContextNames.QUERY, inputs.query());
    context.put(ContextNames.HEADERS, inputs.headers());
    context.put(ContextNames.BODY, null);
    return new PlanExecution(
            timeouts, endpoint, context, clients, System.nanoTime() + endpoint.deadline().toNanos())
        .run()
        .map(result -> outcome(endpoint, result));
  }

  private static Views.Composition outcome(EndpointPlan endpoint, ExecutionResult result) {
    if (result.failed()) {
      return Views.Composition.incomplete(
          result.failure().status() + " " + result.failure().detail());
    }
    if (!result.degraded().isEmpty()) {
      return Views.Composition.incomplete("degraded: " + String.join(", ", result.degraded()));
    }
    try {
      return Views.Composition.complete(
          JsonCodec.encode(ResponseShaper.shape(endpoint, result.context())));
    } catch (EvaluationException | IllegalStateException e) {
      return Views.Composition.incomplete("the response template failed: " + e.getMessage());
    }
  }
}
