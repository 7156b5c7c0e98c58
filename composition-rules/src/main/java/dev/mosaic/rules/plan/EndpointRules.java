package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.config.SourcePosition;
import dev.mosaic.rules.expression.ValueTemplate;
import java.util.List;

/**
 * The rules between an endpoint's fields that no one field's reader can check: a response or a
 * merge, what a passthrough cannot have, and what a rate limit keyed by a claim needs.
 */
final class EndpointRules {

  private EndpointRules() {}

  static void responseOrMerge(Fields f, ValueTemplate response, boolean merge, Problems problems) {
    if (merge && response != null) {
      problems.add(f.position("merge"), "use either 'response' or 'merge: true', not both");
    }
  }

  /**
   * A passthrough streams the service's answer as it comes; a composed answer is the gateway's own.
   *
   * @param first the endpoint's first call
   * @return whether the endpoint fits its kind; when not, the problem is added
   */
  static boolean fitPassthrough(Fields f, boolean passthrough, CallDraft first, Problems problems) {
    if (passthrough && f.node("cache") != null) {
      problems.add(
          f.position("cache"),
          "a passthrough (one call, no response) streams the service's answer and"
              + " is not cached: add a response, or cache its call");
      return false;
    }
    if (!passthrough && f.node("responseHeaders") != null) {
      problems.add(
          f.position("responseHeaders"),
          "responseHeaders pass a service's headers through, which only a"
              + " passthrough (one call, no response) does: a composed answer is the gateway's own");
      return false;
    }
    if (passthrough && first.optional()) {
      problems.add(
          first.position(),
          "a passthrough (one call, no response) streams the service's answer,"
              + " so its call cannot be optional: add a response to use a fallback");
      return false;
    }
    if (passthrough && first.when() != null) {
      problems.add(
          first.position(),
          "a passthrough (one call, no response) has nothing to answer when 'when' skips its"
              + " call: add a response, or answer early with respond");
      return false;
    }
    return true;
  }

  /**
   * A limit keyed by a claim needs the claims: on an open endpoint it would count addresses only.
   *
   * @return {@code limit}, or null when it cannot apply (the problem is added)
   */
  static RateLimit claimNeedsAuth(
      RateLimit limit,
      Fields f,
      AuthSettings authSettings,
      SourcePosition route,
      Problems problems) {
    if (limit != null
        && limit.by().source() == RateLimit.ClientKey.Source.CLAIM
        && authSettings == null
        && f.node("auth") == null) {
      problems.add(
          f.node("rateLimit") != null ? f.position("rateLimit") : route,
          "rateLimit by claim:"
              + limit.by().name()
              + " needs auth: on this endpoint (without a verified token"
              + " every request would be counted by its address)");
      return null;
    }
    return limit;
  }

  /**
   * With a saga in the config, {@code GET /sagas/{id}} is the gateway's: an endpoint of the config
   * under {@code /sagas/} would be shadowed by it, or shadow it.
   */
  static void sagaStatesRoute(List<EndpointPlan> endpoints, Problems problems) {
    if (endpoints.stream().noneMatch(e -> e.saga() != null)) {
      return;
    }
    for (EndpointPlan endpoint : endpoints) {
      if (endpoint.routePath().startsWith(SagaPlan.STATES_PATH)) {
        problems.add(
            endpoint.position(),
            "'"
                + endpoint.route()
                + "': with a saga in this config, GET /sagas/{id} is where the gateway answers a"
                + " saga's state; choose another path");
      }
    }
  }

  /**
   * A passthrough's answer is streamed unparsed, so its announcement can only read the client's
   * input; a saga announces nothing yet (its outcome is known only after its compensations).
   */
  static void fitAnnounce(
      Fields f,
      List<TemplateCompiler.Use> uses,
      boolean passthrough,
      boolean saga,
      Problems problems) {
    if (f.node("announce") == null) {
      return;
    }
    if (saga) {
      problems.add(
          f.position("announce"),
          "announce: is not supported on a saga yet; let the services announce their writes");
      return;
    }
    if (!passthrough) {
      return;
    }
    for (TemplateCompiler.Use use : uses) {
      for (String name : use.expression().rootNames()) {
        if (!ContextNames.REQUEST.contains(name)) {
          problems.add(
              use.position(),
              "this endpoint passes its call's answer through unparsed: announce can read the"
                  + " client's input (path, query, headers, body), not '"
                  + name
                  + "'");
        }
      }
    }
  }
}
