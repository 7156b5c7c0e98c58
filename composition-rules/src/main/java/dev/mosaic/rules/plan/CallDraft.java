package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.SourcePosition;
import dev.mosaic.rules.expression.Expression;
import dev.mosaic.rules.expression.UrlTemplate;
import dev.mosaic.rules.expression.ValueTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A call as {@link CallCompiler} read it, before the dependency graph exists: everything its {@link
 * CallPlan} holds but its place in the graph, and every expression its templates read, from which
 * {@link CallDependencies} infers that place.
 *
 * @param uses the expressions of this call's path, headers, body, when and forEach or batch, all of
 *     them
 */
record CallDraft(
    String name,
    SourcePosition position,
    ServicePlan service,
    String method,
    UrlTemplate url,
    Map<String, ValueTemplate> headers,
    ValueTemplate body,
    boolean optional,
    Object fallback,
    Duration timeout,
    FanOut fanOut,
    CallResilience resilience,
    CallCache cache,
    Expression when,
    List<TemplateCompiler.Use> uses) {

  CallPlan plan(int index, List<Integer> dependsOn, List<Integer> dependents) {
    return new CallPlan(
        name,
        index,
        service,
        method,
        url,
        headers,
        body,
        optional,
        fallback,
        timeout,
        dependsOn,
        dependents,
        fanOut,
        resilience,
        cache,
        when);
  }
}
