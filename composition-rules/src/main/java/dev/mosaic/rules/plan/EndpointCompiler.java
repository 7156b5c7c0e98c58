package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.expression.ValueTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles one {@code endpoints:} entry into its {@link EndpointPlan}: the route, the endpoint's
 * own fields, the calls with the dependencies between them, and the response shape. Each step hands
 * the next what it needs: the calls' dependencies and names are known only from the {@link
 * CallDraft}s.
 */
final class EndpointCompiler {

  private final ConfigNode.Entry entry;
  private final Map<String, ServicePlan> services;
  private final Problems problems;
  private final SecretReader secrets;
  private final AuthReader.Profiles auth;

  private EndpointCompiler(
      ConfigNode.Entry entry,
      Map<String, ServicePlan> services,
      AuthReader.Profiles auth,
      Problems problems,
      SecretReader secrets) {
    this.entry = entry;
    this.services = services;
    this.auth = auth;
    this.problems = problems;
    this.secrets = secrets;
  }

  /**
   * @return the endpoint, or null when it has problems (already added)
   */
  static EndpointPlan compile(
      ConfigNode.Entry entry,
      Map<String, ServicePlan> services,
      ServerSettings server,
      SagaSettings sagas,
      AuthReader.Profiles auth,
      Problems problems,
      SecretReader secrets) {
    return new EndpointCompiler(entry, services, auth, problems, secrets).compile(server, sagas);
  }

  private EndpointPlan compile(ServerSettings server, SagaSettings sagas) {
    if (!(entry.value() instanceof ConfigNode.MapNode node)) {
      return null; // the schema reported the shape
    }
    int before = problems.count();
    Fields f = new Fields(node, problems);
    Route route = RouteCompiler.compile(entry, f.map("params"), problems);
    if (route == null) {
      return null; // the schema reported the route
    }
    List<String> headers = headerNames(f, "headers", HeaderRules::refusedFromClient);
    List<String> responseHeaders = headerNames(f, "responseHeaders", HeaderRules::refusedToClient);

    AuthSettings authSettings = auth.endpoint(f, problems);
    // an auth: with problems still makes auth.* known, so its templates are not reported too
    boolean authenticated = f.node("auth") != null;

    List<CallDraft> drafts = new CallCompiler(services, problems, secrets).compile(f.map("calls"));
    KnownNames names = new KnownNames(drafts, authenticated, problems);
    drafts.forEach(names::checkCall);
    CallDependencies dependencies = CallDependencies.infer(drafts, problems);

    TemplateCompiler responseTemplates = new TemplateCompiler(problems, secrets);
    ValueTemplate response = responseTemplates.value(f.node("response"));
    List<TemplateCompiler.Use> responseUses = responseTemplates.uses();
    names.checkResponse(responseUses);
    boolean merge = f.bool("merge", false);
    EndpointRules.responseOrMerge(f, response, merge, problems);
    List<EarlyAnswer> respond =
        new EarlyAnswerReader(problems, secrets).read(f.node("respond"), names);
    ViewReader.Announcement announce = ViewReader.announce(f, route.method(), problems);
    names.checkResponse(announce.uses());

    if (problems.count() > before || drafts.isEmpty()) {
      return null;
    }
    List<CallPlan> calls = dependencies.plans();
    SagaPlan saga =
        SagaReader.read(
            route.method(), f.map("calls"), calls, authenticated, f, sagas, problems, secrets);
    if (problems.count() > before) {
      return null;
    }
    boolean passthrough =
        calls.size() == 1
            && response == null
            && !merge
            && calls.get(0).fanOut() == null
            && saga == null;
    if (!EndpointRules.fitPassthrough(f, passthrough, drafts.get(0), problems)) {
      return null;
    }
    EndpointRules.fitAnnounce(f, announce.uses(), passthrough, saga != null, problems);
    boolean readsAuth = readsAuth(drafts, responseUses);
    CallCache cache =
        passthrough ? null : CacheReader.endpoint(f, route.method(), headers, readsAuth, problems);
    ViewPlan view =
        ViewReader.view(
            f, route, passthrough, cache != null, identity(headers, readsAuth), problems);
    if (problems.count() > before) {
      return null;
    }
    return new EndpointPlan(
        route.method(),
        route.path(),
        route.params(),
        route.patterns(),
        f.duration("deadline", EndpointPlan.DEFAULT_DEADLINE),
        f.size("maxBodySize", server.maxBodySize()),
        headers,
        calls,
        response,
        merge,
        passthrough,
        entry.keyPosition(),
        cache,
        responseHeaders,
        authSettings,
        EndpointRules.claimNeedsAuth(
            RateLimitReader.endpoint(f, server.rateLimits(), problems),
            f,
            authSettings,
            entry.keyPosition(),
            problems),
        respond,
        saga,
        view,
        announce.tags());
  }

  /**
   * Why an answer depends on who asks (it reads the token's claims or an identity header), or null.
   */
  private static String identity(List<String> headers, boolean readsAuth) {
    if (readsAuth) {
      return "its templates read auth";
    }
    for (String header : List.of("authorization", "cookie", "proxy-authorization")) {
      if (headers.contains(header)) {
        return "it reads the client's " + header;
      }
    }
    return null;
  }

  /** A list of header names, lower-cased; {@code refused} says why a name may not be listed. */
  private List<String> headerNames(
      Fields f, String key, java.util.function.Function<String, String> refused) {
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

  /**
   * Whether any template of the endpoint reads the token's claims: its answer then depends on who
   * asks.
   */
  private static boolean readsAuth(
      List<CallDraft> drafts, List<TemplateCompiler.Use> responseUses) {
    List<TemplateCompiler.Use> all = new ArrayList<>(responseUses);
    drafts.forEach(d -> all.addAll(d.uses()));
    return all.stream().anyMatch(u -> u.expression().rootNames().contains(ContextNames.AUTH));
  }
}
