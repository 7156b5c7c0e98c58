package dev.mosaic.rules.plan;

import dev.mosaic.rules.expression.Expression;
import dev.mosaic.rules.expression.UrlTemplate;
import dev.mosaic.rules.expression.ValueTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One outbound call of an endpoint, compiled.
 *
 * @param index position in {@link EndpointPlan#calls()}
 * @param dependsOn indexes of the calls whose results this one reads: it starts when they finish
 * @param dependents indexes of the calls that read this one
 * @param body the JSON to send, or null (a passthrough endpoint then forwards the client's body)
 * @param fallback the value an optional call takes when it fails (null when none is given)
 * @param fanOut null for one call; otherwise one call per item or per batch of keys
 * @param resilience the retry and hedge this call gets (its own, else its service's)
 * @param cache how its answers are cached, or null when they are not
 * @param when the condition the call is made on, or null to make it always: false skips it (no
 *     request is sent) and puts its {@code fallback} in its place
 */
public record CallPlan(
    String name,
    int index,
    ServicePlan service,
    String method,
    UrlTemplate url,
    Map<String, ValueTemplate> headers,
    ValueTemplate body,
    boolean optional,
    Object fallback,
    Duration timeout,
    List<Integer> dependsOn,
    List<Integer> dependents,
    FanOut fanOut,
    CallResilience resilience,
    CallCache cache,
    Expression when) {

  public CallPlan {
    headers = Map.copyOf(headers);
    dependsOn = List.copyOf(dependsOn);
    dependents = List.copyOf(dependents);
  }
}
