package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.config.SourcePosition;
import dev.mosaic.rules.config.Suggestions;
import dev.mosaic.rules.expression.Expression;
import dev.mosaic.rules.expression.TemplateText;
import dev.mosaic.rules.expression.UrlTemplate;
import dev.mosaic.rules.expression.ValueTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles one {@code endpoints:} entry: route and limits, each call's templates, the names every
 * expression reads (which become the call dependencies), cycles, and the response shape.
 */
final class EndpointCompiler {

  private static final Pattern ROUTE = Pattern.compile("(GET|POST|PUT|PATCH|DELETE) (/\\S*)");
  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final ConfigNode.Entry entry;
  private final Map<String, ServicePlan> services;
  private final Problems problems;
  private final TemplateCompiler templates;
  private final AuthReader.Profiles auth;

  private EndpointCompiler(ConfigNode.Entry entry, Map<String, ServicePlan> services, AuthReader.Profiles auth,
      Problems problems, SecretReader secrets) {
    this.entry = entry;
    this.services = services;
    this.auth = auth;
    this.problems = problems;
    this.templates = new TemplateCompiler(problems, secrets);
  }

  /** @return the endpoint, or null when it has problems (already added) */
  static EndpointPlan compile(ConfigNode.Entry entry, Map<String, ServicePlan> services,
      ServerSettings server, AuthReader.Profiles auth, Problems problems, SecretReader secrets) {
    return new EndpointCompiler(entry, services, auth, problems, secrets).compile(server);
  }

  /** A call read from the config, before the dependency graph exists. */
  private record Draft(
      String name, SourcePosition position, ServicePlan service, String method, UrlTemplate url,
      Map<String, ValueTemplate> headers, ValueTemplate body, boolean optional, Object fallback,
      Duration timeout, FanOut fanOut, CallResilience resilience, CallCache cache, List<TemplateCompiler.Use> uses) {}

  private EndpointPlan compile(ServerSettings server) {
    Matcher route = ROUTE.matcher(entry.key());
    if (!route.matches() || !(entry.value() instanceof ConfigNode.MapNode node)) {
      return null; // the schema reported the route or the shape
    }
    int before = problems.count();
    String method = route.group(1);
    String path = route.group(2);
    List<String> params = pathParams(path);
    Fields f = new Fields(node, problems);
    Map<String, Pattern> patterns = paramPatterns(f.map("params"), params);
    List<String> headers = headerNames(f, "headers", HeaderRules::refusedFromClient);
    List<String> responseHeaders = headerNames(f, "responseHeaders", HeaderRules::refusedToClient);

    AuthSettings authSettings = auth.endpoint(f, problems);
    // an auth: with problems still makes auth.* known, so its templates are not reported too
    boolean authenticated = f.node("auth") != null;

    List<Draft> drafts = readCalls(f.map("calls"));
    Set<String> callNames = new LinkedHashSet<>();
    drafts.forEach(d -> callNames.add(d.name));

    List<List<Integer>> dependsOn = new ArrayList<>();
    for (Draft d : drafts) {
      Set<String> allowed = new HashSet<>(ContextNames.REQUEST);
      allowed.addAll(callNames);
      if (authenticated) {
        allowed.add(ContextNames.AUTH);
      }
      if (d.fanOut instanceof FanOut.ForEach) {
        allowed.add(ContextNames.ITEM);
      }
      checkNames(d.uses, allowed, callNames, true);
      Set<Integer> deps = new TreeSet<>();
      for (TemplateCompiler.Use use : d.uses) {
        for (String name : use.expression().rootNames()) {
          int index = indexOf(drafts, name);
          if (index >= 0) {
            deps.add(index);
          }
        }
      }
      dependsOn.add(new ArrayList<>(deps));
    }
    CallGraph graph = new CallGraph(new ArrayList<>(callNames), dependsOn);
    for (List<Integer> cycle : graph.cycles()) {
      Draft first = drafts.get(cycle.get(0));
      problems.add(first.position, "dependency cycle: " + graph.describe(cycle)
          + " (each call waits for the next; none can start)");
    }

    ValueTemplate response = templates.value(f.node("response"));
    List<TemplateCompiler.Use> responseUses = templates.drain();
    Set<String> responseNames = new HashSet<>(ContextNames.REQUEST);
    responseNames.addAll(callNames);
    if (authenticated) {
      responseNames.add(ContextNames.AUTH);
    }
    checkNames(responseUses, responseNames, callNames, false);
    boolean merge = f.bool("merge", false);
    if (merge && response != null) {
      problems.add(f.position("merge"), "use either 'response' or 'merge: true', not both");
    }

    if (problems.count() > before || drafts.isEmpty()) {
      return null;
    }
    List<List<Integer>> dependents = graph.dependents();
    List<CallPlan> calls = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      Draft d = drafts.get(i);
      calls.add(new CallPlan(d.name, i, d.service, d.method, d.url, d.headers, d.body, d.optional, d.fallback,
          d.timeout, dependsOn.get(i), dependents.get(i), d.fanOut, d.resilience, d.cache));
    }
    boolean passthrough = calls.size() == 1 && response == null && !merge && calls.get(0).fanOut() == null;
    if (passthrough && f.node("cache") != null) {
      problems.add(f.position("cache"), "a passthrough (one call, no response) streams the service's answer and"
          + " is not cached: add a response, or cache its call");
      return null;
    }
    if (!passthrough && f.node("responseHeaders") != null) {
      problems.add(f.position("responseHeaders"), "responseHeaders pass a service's headers through, which only a"
          + " passthrough (one call, no response) does: a composed answer is the gateway's own");
      return null;
    }
    if (passthrough && calls.get(0).optional()) {
      problems.add(drafts.get(0).position, "a passthrough (one call, no response) streams the service's answer,"
          + " so its call cannot be optional: add a response to use a fallback");
      return null;
    }
    return new EndpointPlan(method, path, params, patterns,
        f.duration("deadline", EndpointPlan.DEFAULT_DEADLINE),
        f.size("maxBodySize", server.maxBodySize()),
        headers, calls, response, merge, passthrough, entry.keyPosition(),
        passthrough ? null : CacheReader.endpoint(f, method, headers, readsAuth(drafts, responseUses), problems),
        responseHeaders, authSettings, rateLimit(f, server, authSettings));
  }

  /** A limit keyed by a claim needs the claims: on an open endpoint it would count addresses only. */
  private RateLimit rateLimit(Fields f, ServerSettings server, AuthSettings authSettings) {
    RateLimit limit = RateLimitReader.endpoint(f, server.rateLimits(), problems);
    if (limit != null && limit.by().source() == RateLimit.ClientKey.Source.CLAIM && authSettings == null
        && f.node("auth") == null) {
      problems.add(f.node("rateLimit") != null ? f.position("rateLimit") : entry.keyPosition(),
          "rateLimit by claim:" + limit.by().name() + " needs auth: on this endpoint (without a verified token"
          + " every request would be counted by its address)");
      return null;
    }
    return limit;
  }

  /** A list of header names, lower-cased; {@code refused} says why a name may not be listed. */
  private List<String> headerNames(Fields f, String key, java.util.function.Function<String, String> refused) {
    List<String> names = new ArrayList<>();
    if (f.node(key) instanceof ConfigNode.ListNode list) {
      for (ConfigNode item : list.items()) {
        if (item instanceof ConfigNode.ScalarNode s && s.value() instanceof String name) {
          String why = refused.apply(name);
          if (why != null) {
            problems.add(item.position(), key + ": " + why);
          } else {
            names.add(name.toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    return names;
  }

  private List<String> pathParams(String path) {
    for (String segment : path.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        problems.add(entry.keyPosition(), "'" + segment + "' segments never match: request paths are normalised");
      }
    }
    List<String> params = new ArrayList<>();
    Matcher m = PARAM.matcher(path);
    while (m.find()) {
      if (params.contains(m.group(1))) {
        problems.add(entry.keyPosition(), "path parameter '" + m.group(1) + "' appears twice in the route");
      }
      params.add(m.group(1));
    }
    return params;
  }

  private Map<String, Pattern> paramPatterns(ConfigNode.MapNode node, List<String> params) {
    Map<String, Pattern> patterns = new LinkedHashMap<>();
    if (node == null) {
      return patterns;
    }
    for (ConfigNode.Entry e : node.entries()) {
      if (!params.contains(e.key())) {
        String suggestion = Suggestions.closest(e.key(), params);
        problems.add(e.keyPosition(), "'" + e.key() + "' is not a parameter of the route"
            + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : "") + "; parameters: " + params);
        continue;
      }
      if (e.value() instanceof ConfigNode.ScalarNode s && s.value() instanceof String regex) {
        try {
          patterns.put(e.key(), Pattern.compile(regex));
        } catch (PatternSyntaxException ex) {
          problems.add(e.value().position(), "bad regular expression for '" + e.key() + "': " + ex.getDescription());
        }
      }
    }
    return patterns;
  }

  private List<Draft> readCalls(ConfigNode.MapNode calls) {
    List<Draft> drafts = new ArrayList<>();
    if (calls == null) {
      return drafts;
    }
    for (ConfigNode.Entry e : calls.entries()) {
      if (ContextNames.RESERVED.contains(e.key())) {
        problems.add(e.keyPosition(), "'" + e.key() + "' is a reserved name and cannot name a call"
            + " (reserved: path, query, headers, body, item, auth, request, secret and JSONata's words)");
      }
      if (e.value() instanceof ConfigNode.MapNode node) {
        drafts.add(readCall(e, node));
      }
    }
    return drafts;
  }

  private Draft readCall(ConfigNode.Entry e, ConfigNode.MapNode node) {
    Fields f = new Fields(node, problems);
    String serviceName = f.string("service", null);
    ServicePlan service = serviceName == null ? null : services.get(serviceName);
    if (serviceName != null && service == null) {
      String suggestion = Suggestions.closest(serviceName, services.keySet());
      problems.add(f.position("service"), "unknown service '" + serviceName + "'"
          + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : "")
          + "; services: " + String.join(", ", services.keySet()));
    }
    templates.drain();
    UrlTemplate url = templates.url(f.node("path"));
    Map<String, ValueTemplate> headers = new LinkedHashMap<>();
    ConfigNode.MapNode headerNodes = f.map("headers");
    if (headerNodes != null) {
      for (ConfigNode.Entry h : headerNodes.entries()) {
        if (HeaderRules.reservedForTheGateway(h.key())) {
          problems.add(h.keyPosition(), HeaderRules.reservedMessage(h.key()));
          continue;
        }
        headers.put(h.key(), templates.header(h.value()));
      }
    }
    ValueTemplate body = templates.value(f.node("body"));
    boolean optional = f.bool("optional", false);
    if (f.node("fallback") != null && !optional) {
      problems.add(f.position("fallback"), "fallback is only used by optional calls: add 'optional: true'");
    }
    Object fallback = f.node("fallback") == null ? null : f.node("fallback").toJson();
    FanOut fanOut = readFanOut(f);
    Duration timeout = f.duration("timeout", service == null ? ServicePlan.DEFAULT_TIMEOUT : service.timeout());
    String method = f.string("method", "GET");
    CallResilience resilience = service == null ? CallResilience.NONE
        : ResilienceReader.call(f, method, service, timeout, problems);

    CallCache cache = CacheReader.call(f, method, headers, problems);
    if (cache != null) {
      checkNoSecretInCacheKey(f, cache, headers, service);
    }
    if (cache != null && body != null && body.expressions().stream()
        .anyMatch(x -> x.rootNames().contains(ContextNames.AUTH))) {
      problems.add(f.position("cache"), "this call's body reads auth (the token's claims), which is not part of"
          + " a cached answer's key: one user's answer would be served to another");
    }
    return new Draft(e.key(), e.keyPosition(), service, method, url, headers, body,
        optional, fallback, timeout, fanOut, resilience, cache, templates.drain());
  }

  /** A cache key is kept in Redis and may be logged: a header it varies on cannot hold a secret. */
  private void checkNoSecretInCacheKey(Fields f, CallCache cache, Map<String, ValueTemplate> headers,
      ServicePlan service) {
    for (String vary : cache.vary()) {
      boolean secret = service != null && FixedHeaders.holdsSecret(service.headers(), vary);
      for (Map.Entry<String, ValueTemplate> h : headers.entrySet()) {
        if (h.getKey().equalsIgnoreCase(vary) && h.getValue() instanceof ValueTemplate.Text text
            && text.parts().stream().anyMatch(part -> part instanceof TemplateText.Secret)) {
          secret = true;
        }
      }
      if (secret) {
        problems.add(f.position("cache"), "cache: vary names '" + vary + "', whose value holds a secret;"
            + " a cache key (kept in Redis too) must never hold one");
      }
    }
  }

  private FanOut readFanOut(Fields call) {
    ConfigNode.MapNode forEach = call.map("forEach");
    ConfigNode.MapNode batch = call.map("batch");
    if (forEach != null && batch != null) {
      problems.add(call.position("batch"), "a call has either 'forEach' or 'batch', not both");
      return null;
    }
    if (forEach != null) {
      Fields f = new Fields(forEach, problems);
      Expression over = templates.single(f.node("over"), "forEach.over");
      if (over != null && over.rootNames().contains(ContextNames.ITEM)) {
        problems.add(f.position("over"), "forEach.over cannot read 'item': it is what over produces");
      }
      return over == null ? null : new FanOut.ForEach(over, f.integer("concurrency", FanOut.ForEach.DEFAULT_CONCURRENCY),
          f.integer("maxItems", FanOut.ForEach.DEFAULT_MAX_ITEMS));
    }
    if (batch != null) {
      Fields f = new Fields(batch, problems);
      Expression over = templates.single(f.node("over"), "batch.over");
      return over == null ? null : new FanOut.Batch(over, f.string("param", "ids"), f.string("key", "id"),
          f.integer("maxSize", FanOut.Batch.DEFAULT_MAX_SIZE),
          f.integer("concurrency", FanOut.Batch.DEFAULT_CONCURRENCY),
          f.integer("maxItems", FanOut.Batch.DEFAULT_MAX_ITEMS));
    }
    return null;
  }

  private void checkNames(List<TemplateCompiler.Use> uses, Set<String> allowed, Set<String> callNames,
      boolean inCall) {
    for (TemplateCompiler.Use use : uses) {
      Expression e = use.expression();
      if (inCall && e.readsWholeContext()) {
        problems.add(use.position(), e + " reads the whole context ($, $$ or *): name the calls it needs,"
            + " so Mosaic knows what to wait for");
      }
      for (String name : e.rootNames()) {
        if (!allowed.contains(name)) {
          Set<String> candidates = new TreeSet<>(allowed);
          String suggestion = Suggestions.closest(name, candidates);
          boolean item = name.equals(ContextNames.ITEM);
          boolean auth = name.equals(ContextNames.AUTH);
          problems.add(use.position(), "unknown name '" + name + "' in " + e
              + (item ? ": 'item' exists only in a call with forEach"
                  : auth ? ": 'auth' (the token's claims) exists only on an endpoint with auth:"
                  : suggestion != null ? " (did you mean '" + suggestion + "'?)"
                  : "; known: " + String.join(", ", candidates)));
        }
      }
    }
  }

  /** Whether any template of the endpoint reads the token's claims: its answer then depends on who asks. */
  private static boolean readsAuth(List<Draft> drafts, List<TemplateCompiler.Use> responseUses) {
    List<TemplateCompiler.Use> all = new ArrayList<>(responseUses);
    drafts.forEach(d -> all.addAll(d.uses));
    return all.stream().anyMatch(u -> u.expression().rootNames().contains(ContextNames.AUTH));
  }

  private static int indexOf(List<Draft> drafts, String name) {
    for (int i = 0; i < drafts.size(); i++) {
      if (drafts.get(i).name.equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
