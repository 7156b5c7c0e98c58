package dev.mosaic.gateway.execution;

import dev.mosaic.rules.expression.EvaluationException;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the answer's JSON from the call results: the endpoint's response template; or with {@code
 * merge: true} a shallow merge of the object results in declared order (later calls win,
 * deterministic whatever the arrival order); or else each call's result under its name.
 */
public final class ResponseShaper {

  private ResponseShaper() {}

  public static Object shape(EndpointPlan endpoint, Map<String, Object> context)
      throws EvaluationException {
    if (endpoint.response() != null) {
      return endpoint.response().render(context);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (CallPlan call : endpoint.calls()) {
      Object value = context.get(call.name());
      if (!endpoint.merge()) {
        out.put(call.name(), value);
      } else if (value instanceof Map<?, ?> object) {
        object.forEach((k, v) -> out.put(String.valueOf(k), v));
      } else if (value != null) {
        out.put(
            call.name(), value); // a list or scalar cannot be merged into an object: kept by name
      }
    }
    return out;
  }
}
