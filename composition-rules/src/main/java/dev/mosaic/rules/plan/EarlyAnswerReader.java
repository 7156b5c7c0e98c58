package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.expression.Expression;
import dev.mosaic.rules.expression.ValueTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an endpoint's {@code respond:}, one early answer or a list of them, each checked to read
 * only the request and to have a status and body a client can take: a problem's fields are the
 * problem's, never an arbitrary shape under an error status.
 */
final class EarlyAnswerReader {

  /** The problem members a rule may set; others are extension members, any JSON. */
  private static final Set<String> TEXT_MEMBERS = Set.of("type", "title", "detail");

  /** Members Mosaic writes itself: a rule setting them would contradict the answer. */
  private static final Set<String> OWN_MEMBERS =
      Set.of("status", "instance", "requestId", "traceId", "route", "calls");

  private final Problems problems;
  private final SecretReader secrets;

  EarlyAnswerReader(Problems problems, SecretReader secrets) {
    this.problems = problems;
    this.secrets = secrets;
  }

  /**
   * @param names checks that each answer reads only the request (and auth where there is one)
   * @return the answers in order, the first that holds answers; empty when there is no respond
   */
  List<EarlyAnswer> read(ConfigNode node, KnownNames names) {
    List<EarlyAnswer> answers = new ArrayList<>();
    if (node instanceof ConfigNode.MapNode one) {
      add(one, names, answers);
    } else if (node instanceof ConfigNode.ListNode list) {
      for (ConfigNode item : list.items()) {
        if (item instanceof ConfigNode.MapNode map) {
          add(map, names, answers);
        } else {
          problems.add(item.position(), "respond: each item is one { when, status, body }");
        }
      }
    } // anything else: the schema reported it
    return answers;
  }

  private void add(ConfigNode.MapNode node, KnownNames names, List<EarlyAnswer> answers) {
    Fields f = new Fields(node, problems);
    TemplateCompiler templates = new TemplateCompiler(problems, secrets);
    Expression when = templates.single(f.node("when"), "respond.when", "giving the condition");
    int status = f.integer("status", 0);
    if (status != 0 && !(status >= 200 && status <= 299) && !(status >= 400 && status <= 599)) {
      problems.add(
          f.position("status"),
          "respond.status "
              + status
              + " cannot be answered by a rule: use 2xx (a JSON answer) or 4xx/5xx (a problem)");
      status = 0;
    }
    ValueTemplate body = templates.value(f.node("body"));
    if (status >= 400 && f.node("body") != null) {
      checkProblemFields(f.node("body"), status);
    }
    names.checkEarlyAnswer(templates.uses());
    if (when != null && status != 0) {
      answers.add(new EarlyAnswer(when, status, body));
    }
  }

  private void checkProblemFields(ConfigNode body, int status) {
    if (!(body instanceof ConfigNode.MapNode map)) {
      problems.add(
          body.position(),
          "respond.body with status "
              + status
              + " is a problem's fields (type, title, detail and extension members),"
              + " so it must be an object");
      return;
    }
    for (ConfigNode.Entry e : map.entries()) {
      if (OWN_MEMBERS.contains(e.key())) {
        problems.add(
            e.keyPosition(),
            "respond.body: '"
                + e.key()
                + "' is written by Mosaic (status, instance, requestId, traceId, route, calls)");
      } else if (TEXT_MEMBERS.contains(e.key())
          && !(e.value() instanceof ConfigNode.ScalarNode s && s.value() instanceof String)) {
        problems.add(e.value().position(), "respond.body: a problem's '" + e.key() + "' is text");
      }
    }
  }
}
