package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.config.Suggestions;
import dev.mosaic.rules.expression.Expression;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names an endpoint's expressions may read, and the check that reports any other: the request's
 * parts and every call's result, the token's claims on an endpoint with {@code auth:}, and the
 * current item inside a forEach call.
 */
final class KnownNames {

  private final Set<String> calls = new LinkedHashSet<>();
  private final boolean authenticated;
  private final Problems problems;

  /**
   * @param authenticated whether the endpoint has an {@code auth:}, even one with problems
   */
  KnownNames(List<CallDraft> drafts, boolean authenticated, Problems problems) {
    drafts.forEach(d -> calls.add(d.name()));
    this.authenticated = authenticated;
    this.problems = problems;
  }

  void checkCall(CallDraft call) {
    Set<String> allowed = everywhere();
    if (call.fanOut() instanceof FanOut.ForEach) {
      allowed.add(ContextNames.ITEM);
    }
    check(call.uses(), allowed, true);
  }

  void checkResponse(List<TemplateCompiler.Use> uses) {
    check(uses, everywhere(), false);
  }

  /** An early answer is decided before any call: it reads only the request (and auth). */
  void checkEarlyAnswer(List<TemplateCompiler.Use> uses) {
    Set<String> allowed = new HashSet<>(ContextNames.REQUEST);
    if (authenticated) {
      allowed.add(ContextNames.AUTH);
    }
    for (TemplateCompiler.Use use : uses) {
      for (String name : use.expression().rootNames()) {
        if (calls.contains(name)) {
          problems.add(
              use.position(),
              "respond is decided before any call is made: "
                  + use.expression()
                  + " cannot read call '"
                  + name
                  + "'");
        }
      }
    }
    List<TemplateCompiler.Use> others =
        uses.stream()
            .filter(u -> u.expression().rootNames().stream().noneMatch(calls::contains))
            .toList();
    check(others, allowed, false);
  }

  private Set<String> everywhere() {
    Set<String> allowed = new HashSet<>(ContextNames.REQUEST);
    allowed.addAll(calls);
    if (authenticated) {
      allowed.add(ContextNames.AUTH);
    }
    return allowed;
  }

  /**
   * @param inCall a call must name what it reads: its dependencies are inferred from the names
   */
  private void check(List<TemplateCompiler.Use> uses, Set<String> allowed, boolean inCall) {
    for (TemplateCompiler.Use use : uses) {
      Expression e = use.expression();
      if (inCall && e.readsWholeContext()) {
        problems.add(
            use.position(),
            e
                + " reads the whole context ($, $$ or *): name the calls it needs,"
                + " so Mosaic knows what to wait for");
      }
      for (String name : e.rootNames()) {
        if (!allowed.contains(name)) {
          Set<String> candidates = new TreeSet<>(allowed);
          String suggestion = Suggestions.closest(name, candidates);
          boolean item = name.equals(ContextNames.ITEM);
          boolean auth = name.equals(ContextNames.AUTH);
          problems.add(
              use.position(),
              "unknown name '"
                  + name
                  + "' in "
                  + e
                  + (item
                      ? ": 'item' exists only in a call with forEach"
                      : auth
                          ? ": 'auth' (the token's claims) exists only on an endpoint with auth:"
                          : suggestion != null
                              ? " (did you mean '" + suggestion + "'?)"
                              : "; known: " + String.join(", ", candidates)));
        }
      }
    }
  }
}
