package dev.mosaic.rules.plan;

import dev.mosaic.rules.expression.UrlTemplate;
import dev.mosaic.rules.expression.ValueTemplate;
import java.util.Map;

/**
 * What undoes one step of a saga: a call to the step's own service, rendered over the request, the
 * step's answer (by the step's name) and the answers of the steps it waited for. Services must make
 * it idempotent: it is retried, and a step that timed out ("maybe done") is compensated too.
 *
 * @param body the JSON to send, or null
 */
public record Compensation(
    String method, UrlTemplate url, Map<String, ValueTemplate> headers, ValueTemplate body) {

  public Compensation {
    headers = Map.copyOf(headers);
  }
}
