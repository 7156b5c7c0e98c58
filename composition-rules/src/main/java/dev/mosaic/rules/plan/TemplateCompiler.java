package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.config.SourcePosition;
import dev.mosaic.rules.expression.Expression;
import dev.mosaic.rules.expression.InvalidExpressionException;
import dev.mosaic.rules.expression.TemplateText;
import dev.mosaic.rules.expression.UrlTemplate;
import dev.mosaic.rules.expression.ValueTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles config values holding {@code ${...}} into templates, remembering where each expression
 * was written so name checks can point at it.
 */
final class TemplateCompiler {

  /** An expression and the config value it was written in. */
  record Use(Expression expression, SourcePosition position) {}

  private final Problems problems;
  private final SecretReader secrets;
  private final List<Use> uses = new ArrayList<>();

  /** For templates that cannot hold secrets: a reference in one is reported as misplaced. */
  TemplateCompiler(Problems problems) {
    this(problems, SecretReader.none(problems));
  }

  TemplateCompiler(Problems problems, SecretReader secrets) {
    this.problems = problems;
    this.secrets = secrets;
  }

  /**
   * Every expression this compiler has compiled. A group whose uses are checked together (one call,
   * the response, one cache tag) gets a compiler of its own, so no use can leak into another group.
   */
  List<Use> uses() {
    return List.copyOf(uses);
  }

  ValueTemplate value(ConfigNode node) {
    if (node == null) {
      return null;
    }
    if (node instanceof ConfigNode.MapNode map) {
      List<String> keys = new ArrayList<>();
      List<ValueTemplate> values = new ArrayList<>();
      boolean constant = true;
      for (ConfigNode.Entry e : map.entries()) {
        keys.add(e.key());
        ValueTemplate v = value(e.value());
        values.add(v);
        constant &= v instanceof ValueTemplate.Constant;
      }
      return constant
          ? new ValueTemplate.Constant(map.toJson())
          : new ValueTemplate.ObjectShape(keys, values);
    }
    if (node instanceof ConfigNode.ListNode list) {
      List<ValueTemplate> items = new ArrayList<>();
      boolean constant = true;
      for (ConfigNode item : list.items()) {
        ValueTemplate v = value(item);
        items.add(v);
        constant &= v instanceof ValueTemplate.Constant;
      }
      return constant
          ? new ValueTemplate.Constant(list.toJson())
          : new ValueTemplate.ArrayShape(items);
    }
    ConfigNode.ScalarNode scalar = (ConfigNode.ScalarNode) node;
    if (!(scalar.value() instanceof String text)) {
      return new ValueTemplate.Constant(scalar.value());
    }
    if (secretOutsideHeader(text, node)) {
      return new ValueTemplate.Constant(null);
    }
    try {
      ValueTemplate template = ValueTemplate.ofText(text);
      for (Expression e : template.expressions()) {
        uses.add(new Use(e, node.position()));
      }
      return template;
    } catch (InvalidExpressionException e) {
      problems.add(node.position(), invalid(text, e));
      return new ValueTemplate.Constant(null);
    }
  }

  /** A template that must be exactly one {@code ${...}} (forEach.over, batch.over). */
  /**
   * @param gives what the expression is for, in the message when the value is not one expression
   */
  Expression single(ConfigNode node, String field, String gives) {
    ValueTemplate template = value(node);
    if (template instanceof ValueTemplate.Single single) {
      return single.expression();
    }
    if (node != null && !(template instanceof ValueTemplate.Constant c && c.value() == null)) {
      problems.add(node.position(), field + ": must be a single ${...} expression " + gives);
    }
    return null;
  }

  /**
   * A {@code headers:} mapping of templates; a header the gateway owns (framing, hop-by-hop, Host,
   * trace context...) is reported and left out.
   */
  java.util.Map<String, ValueTemplate> headers(ConfigNode.MapNode nodes) {
    java.util.Map<String, ValueTemplate> headers = new java.util.LinkedHashMap<>();
    if (nodes != null) {
      for (ConfigNode.Entry h : nodes.entries()) {
        if (HeaderRules.reservedForTheGateway(h.key())) {
          problems.add(h.keyPosition(), HeaderRules.reservedMessage(h.key()));
          continue;
        }
        headers.put(h.key(), header(h.value()));
      }
    }
    return headers;
  }

  UrlTemplate url(ConfigNode node) {
    if (!(node instanceof ConfigNode.ScalarNode scalar)
        || !(scalar.value() instanceof String text)) {
      return null;
    }
    if (secretOutsideHeader(text, node)) {
      return null;
    }
    try {
      UrlTemplate url = UrlTemplate.compile(text);
      for (Expression e : url.expressions()) {
        uses.add(new Use(e, node.position()));
      }
      return url;
    } catch (InvalidExpressionException e) {
      problems.add(node.position(), invalid(text, e));
      return null;
    }
  }

  /**
   * A header value: a template that may also hold {@code ${secret:name}}, resolved now into a part
   * that renders the value and prints as the reference.
   */
  ValueTemplate header(ConfigNode node) {
    if (!(node instanceof ConfigNode.ScalarNode scalar)
        || !(scalar.value() instanceof String text)
        || SecretReader.references(text).isEmpty()) {
      return value(node);
    }
    List<TemplateText.Part> parts = new ArrayList<>();
    int from = 0;
    try {
      for (SecretReader.Reference reference : SecretReader.references(text)) {
        parts.addAll(parse(text, from, reference.start(), node));
        String value = secrets.resolve(reference.name(), node.position());
        parts.add(new TemplateText.Secret(reference.name(), value == null ? "" : value));
        from = reference.end();
      }
      parts.addAll(parse(text, from, text.length(), node));
    } catch (InvalidExpressionException e) {
      problems.add(node.position(), invalid(text, e));
      return new ValueTemplate.Constant(null);
    }
    return new ValueTemplate.Text(parts);
  }

  private List<TemplateText.Part> parse(String text, int from, int to, ConfigNode node)
      throws InvalidExpressionException {
    String piece = text.substring(from, to);
    if (piece.isEmpty()) {
      return List.of();
    }
    try {
      List<TemplateText.Part> parts = TemplateText.parse(piece);
      for (TemplateText.Part part : parts) {
        if (part instanceof TemplateText.Expr expr) {
          uses.add(new Use(expr.expression(), node.position()));
        }
      }
      return parts;
    } catch (InvalidExpressionException e) {
      throw new InvalidExpressionException(e.getMessage(), from + e.offset());
    }
  }

  /**
   * Secrets go in header values only: a URL is logged, cached and shown by every proxy on the way,
   * and a body or response may be echoed back to a client.
   */
  private boolean secretOutsideHeader(String text, ConfigNode node) {
    List<SecretReader.Reference> references = SecretReader.references(text);
    if (references.isEmpty()) {
      return false;
    }
    problems.add(
        node.position(),
        "${secret:"
            + references.get(0).name()
            + "}: secrets can only be used in"
            + " header values (a service's or a call's headers), never in a path, query, body or response");
    return true;
  }

  private static String invalid(String text, InvalidExpressionException e) {
    return "invalid expression in '"
        + text
        + "' at character "
        + (e.offset() + 1)
        + ": "
        + e.getMessage();
  }
}
