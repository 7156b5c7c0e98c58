package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.config.Suggestions;
import dev.mosaic.rules.expression.Expression;
import dev.mosaic.rules.expression.TemplateText;
import dev.mosaic.rules.expression.UrlTemplate;
import dev.mosaic.rules.expression.ValueTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles an endpoint's {@code calls:}, each on its own: its service, templates, fan-out, timeout,
 * resilience and cache, into a {@link CallDraft} that also carries the expressions it read.
 */
final class CallCompiler {

  private final Map<String, ServicePlan> services;
  private final Problems problems;
  private final SecretReader secrets;

  CallCompiler(Map<String, ServicePlan> services, Problems problems, SecretReader secrets) {
    this.services = services;
    this.problems = problems;
    this.secrets = secrets;
  }

  /**
   * @param calls the endpoint's {@code calls:}, or null
   */
  List<CallDraft> compile(ConfigNode.MapNode calls) {
    List<CallDraft> drafts = new ArrayList<>();
    if (calls == null) {
      return drafts;
    }
    for (ConfigNode.Entry e : calls.entries()) {
      if (ContextNames.RESERVED.contains(e.key())) {
        problems.add(
            e.keyPosition(),
            "'"
                + e.key()
                + "' is a reserved name and cannot name a call"
                + " (reserved: path, query, headers, body, item, auth, request, secret and JSONata's words)");
      }
      if (e.value() instanceof ConfigNode.MapNode node) {
        drafts.add(compile(e, node));
      }
    }
    return drafts;
  }

  private CallDraft compile(ConfigNode.Entry e, ConfigNode.MapNode node) {
    Fields f = new Fields(node, problems);
    String serviceName = f.string("service", null);
    ServicePlan service = serviceName == null ? null : services.get(serviceName);
    if (serviceName != null && service == null) {
      String suggestion = Suggestions.closest(serviceName, services.keySet());
      problems.add(
          f.position("service"),
          "unknown service '"
              + serviceName
              + "'"
              + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : "")
              + "; services: "
              + String.join(", ", services.keySet()));
    }
    // one compiler per call, so its uses are this call's and no other's
    TemplateCompiler templates = new TemplateCompiler(problems, secrets);
    UrlTemplate url = templates.url(f.node("path"));
    Map<String, ValueTemplate> headers = templates.headers(f.map("headers"));
    ValueTemplate body = templates.value(f.node("body"));
    boolean optional = f.bool("optional", false);
    Expression when = templates.single(f.node("when"), "when", "giving the condition");
    if (when != null && when.rootNames().contains(ContextNames.ITEM)) {
      problems.add(
          f.position("when"),
          "when decides the whole call, before its items: it cannot read 'item'"
              + " (leave items out in forEach.over instead)");
    }
    if (f.node("fallback") != null && !optional && when == null) {
      problems.add(
          f.position("fallback"),
          "fallback is only used by optional calls and calls with 'when':"
              + " add 'optional: true'");
    }
    Object fallback = f.node("fallback") == null ? null : f.node("fallback").toJson();
    FanOut fanOut = FanOutReader.read(f, templates, problems);
    Duration timeout =
        f.duration("timeout", service == null ? ServicePlan.DEFAULT_TIMEOUT : service.timeout());
    String method = f.string("method", "GET");
    CallResilience resilience =
        service == null
            ? CallResilience.NONE
            : ResilienceReader.call(f, method, service, timeout, problems);

    CallCache cache = CacheReader.call(f, method, headers, problems);
    if (cache != null) {
      checkNoSecretInCacheKey(f, cache, headers, service);
    }
    if (cache != null
        && body != null
        && body.expressions().stream().anyMatch(x -> x.rootNames().contains(ContextNames.AUTH))) {
      problems.add(
          f.position("cache"),
          "this call's body reads auth (the token's claims), which is not part of"
              + " a cached answer's key: one user's answer would be served to another");
    }
    return new CallDraft(
        e.key(),
        e.keyPosition(),
        service,
        method,
        url,
        headers,
        body,
        optional,
        fallback,
        timeout,
        fanOut,
        resilience,
        cache,
        when,
        templates.uses());
  }

  /** A cache key is kept in Redis and may be logged: a header it varies on cannot hold a secret. */
  private void checkNoSecretInCacheKey(
      Fields f, CallCache cache, Map<String, ValueTemplate> headers, ServicePlan service) {
    for (String vary : cache.vary()) {
      boolean secret = service != null && FixedHeaders.holdsSecret(service.headers(), vary);
      for (Map.Entry<String, ValueTemplate> h : headers.entrySet()) {
        if (h.getKey().equalsIgnoreCase(vary)
            && h.getValue() instanceof ValueTemplate.Text text
            && text.parts().stream().anyMatch(part -> part instanceof TemplateText.Secret)) {
          secret = true;
        }
      }
      if (secret) {
        problems.add(
            f.position("cache"),
            "cache: vary names '"
                + vary
                + "', whose value holds a secret;"
                + " a cache key (kept in Redis too) must never hold one");
      }
    }
  }
}
