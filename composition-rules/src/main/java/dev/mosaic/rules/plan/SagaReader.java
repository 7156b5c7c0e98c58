package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.config.Suggestions;
import dev.mosaic.rules.expression.Expression;
import dev.mosaic.rules.expression.UrlTemplate;
import dev.mosaic.rules.expression.ValueTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code compensate:} of an endpoint's calls: any makes the endpoint a saga. Each
 * compensation is checked to read only what exists when it runs (the request, its own step's answer
 * and the answers of the steps that step waited for), and a saga's steps to be ones a compensation
 * can stand for: a write endpoint's, not optional, one request each.
 */
final class SagaReader {

  private SagaReader() {}

  /**
   * @param calls the endpoint's {@code calls:} mapping, in declared order
   * @param plans the compiled calls, aligned with {@code calls}' entries
   * @return the saga, or null when no call has {@code compensate:} (or on problems, added)
   */
  static SagaPlan read(
      String method,
      ConfigNode.MapNode calls,
      List<CallPlan> plans,
      boolean authenticated,
      Fields endpoint,
      SagaSettings store,
      Problems problems,
      SecretReader secrets) {
    if (calls == null) {
      return null;
    }
    List<Compensation> compensations = new ArrayList<>();
    boolean any = false;
    int before = problems.count();
    int index = 0;
    for (ConfigNode.Entry e : calls.entries()) {
      if (!(e.value() instanceof ConfigNode.MapNode node) || index >= plans.size()) {
        continue;
      }
      CallPlan step = plans.get(index++);
      Fields f = new Fields(node, problems);
      ConfigNode.MapNode compensate = f.map("compensate");
      if (compensate == null) {
        compensations.add(null);
        continue;
      }
      any = true;
      if (method.equals("GET")) {
        problems.add(
            f.position("compensate"),
            "compensate makes a saga of a write: a GET endpoint has nothing to undo");
        continue;
      }
      if (step.optional()) {
        problems.add(
            f.position("compensate"),
            "a saga's step cannot be optional: its failure is what the compensations answer");
      }
      if (step.fanOut() != null || step.when() != null) {
        problems.add(
            f.position("compensate"),
            "a saga's step is one request: forEach, batch and when are not for saga steps");
      }
      compensations.add(compensation(compensate, step, plans, authenticated, problems, secrets));
    }
    if (!any && endpoint.node("async") != null) {
      problems.add(
          endpoint.position("async"),
          "async answers 202 while a saga runs: only an endpoint whose calls have compensate"
              + " can be async");
    }
    if (any && endpoint.bool("async", false) && !store.durable() && !store.inProcessChosen()) {
      problems.add(
          endpoint.position("async"),
          "async answers 202 and the client comes back for the outcome: the saga must outlive"
              + " this process. Give it a store (sagas.redis or cache.redis), or write"
              + " sagas: { redis: false } to accept losing running sagas on a crash");
    }
    if (!any || problems.count() > before) {
      return null;
    }
    ConfigNode.MapNode retry = endpoint.map("compensation");
    Fields r = retry == null ? null : new Fields(retry, problems);
    return new SagaPlan(
        compensations,
        r == null ? SagaPlan.DEFAULT_ATTEMPTS : r.integer("attempts", SagaPlan.DEFAULT_ATTEMPTS),
        r == null ? SagaPlan.DEFAULT_BACKOFF : r.duration("backoff", SagaPlan.DEFAULT_BACKOFF),
        r == null
            ? SagaPlan.DEFAULT_MAX_BACKOFF
            : r.duration("maxBackoff", SagaPlan.DEFAULT_MAX_BACKOFF),
        endpoint.bool("async", false));
  }

  private static Compensation compensation(
      ConfigNode.MapNode node,
      CallPlan step,
      List<CallPlan> plans,
      boolean authenticated,
      Problems problems,
      SecretReader secrets) {
    Fields f = new Fields(node, problems);
    TemplateCompiler templates = new TemplateCompiler(problems, secrets);
    UrlTemplate url = templates.url(f.node("path"));
    Map<String, ValueTemplate> headers = templates.headers(f.map("headers"));
    ValueTemplate body = templates.value(f.node("body"));
    Set<String> readable = new HashSet<>(ContextNames.REQUEST);
    if (authenticated) {
      readable.add(ContextNames.AUTH);
    }
    readable.add(step.name());
    for (int dependency : step.dependsOn()) {
      readable.add(plans.get(dependency).name());
    }
    for (TemplateCompiler.Use use : templates.uses()) {
      Expression e = use.expression();
      for (String name : e.rootNames()) {
        if (!readable.contains(name)) {
          Set<String> known = new TreeSet<>(readable);
          String suggestion = Suggestions.closest(name, known);
          problems.add(
              use.position(),
              "the compensation of '"
                  + step.name()
                  + "' cannot read '"
                  + name
                  + "' in "
                  + e
                  + ": it reads the request, its own step's answer and the steps that step"
                  + " waited for ("
                  + String.join(", ", known)
                  + ")"
                  + (suggestion != null ? "; did you mean '" + suggestion + "'?" : ""));
        }
      }
    }
    return url == null ? null : new Compensation(f.string("method", "POST"), url, headers, body);
  }
}
