package dev.mosaic.rules.expression;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fast path for the commonest condition, a plain path compared with a literal: {@code
 * query.expand = "reviews"}, {@code product.price > 100}, {@code user.active != false}, or the
 * negation of one, {@code $not(query.view = "lite")} (what a missing value needs: a comparison with
 * nothing is false, {@code !=} included). A call's {@code when} through JSONata's evaluator cost
 * ~0.5 µs; read straight from the context it costs what the path costs.
 *
 * <p>It answers only where JSONata's answer is certain: the path leads to nothing, a string, a
 * boolean or a plain number. A list or an object (deep equality, mapping over items), a number of
 * another kind, or an ordering between values of different types (JSONata's error) is left to
 * JSONata. ComparisonTest holds the two to the same answers over generated contexts.
 */
final class Comparison implements FastPath {

  private static final Pattern SHAPE =
      Pattern.compile(
          "\\s*("
              + PlainPath.PATH
              + ")\\s*(=|!=|<=|>=|<|>)\\s*"
              + "(\"[^\"\\\\]*\"|'[^'\\\\]*'|-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
              + "|true|false)\\s*");

  private enum Operator {
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE
  }

  /** {@code $not(<comparison>)}: the negation of a condition that may be missing. */
  private static final Pattern NEGATED = Pattern.compile("\\s*\\$not\\((.*)\\)\\s*");

  private final PlainPath path;
  private final Operator operator;
  private final Object literal;
  private final boolean negated;

  private Comparison(PlainPath path, Operator operator, Object literal, boolean negated) {
    this.path = path;
    this.operator = operator;
    this.literal = literal;
    this.negated = negated;
  }

  /**
   * @return the fast path for {@code source}, or null when it is not a path compared with a literal
   */
  static Comparison of(String source) {
    Matcher not = NEGATED.matcher(source);
    if (not.matches()) {
      return of(not.group(1), true);
    }
    return of(source, false);
  }

  private static Comparison of(String source, boolean negated) {
    Matcher m = SHAPE.matcher(source);
    if (!m.matches()) {
      return null;
    }
    PlainPath path = PlainPath.of(m.group(1));
    if (path == null) {
      return null; // a reserved word where a name should be
    }
    Operator operator =
        switch (m.group(2)) {
          case "=" -> Operator.EQ;
          case "!=" -> Operator.NE;
          case "<" -> Operator.LT;
          case "<=" -> Operator.LE;
          case ">" -> Operator.GT;
          default -> Operator.GE;
        };
    Object literal = literal(m.group(3));
    if (literal instanceof Boolean && operator != Operator.EQ && operator != Operator.NE) {
      return null; // an ordering of booleans is JSONata's error, whatever the path holds
    }
    return new Comparison(path, operator, literal, negated);
  }

  private static Object literal(String text) {
    char first = text.charAt(0);
    if (first == '"' || first == '\'') {
      return text.substring(1, text.length() - 1);
    }
    if (text.equals("true") || text.equals("false")) {
      return Boolean.valueOf(text);
    }
    return Double.valueOf(text);
  }

  @Override
  public Object read(Map<String, ?> context) {
    Object compared = compare(context);
    if (!negated || compared == FastPath.UNDECIDED) {
      return compared;
    }
    // JSONata's $not of nothing is nothing
    return compared == null ? null : !((Boolean) compared);
  }

  private Object compare(Map<String, ?> context) {
    Object value = path.find(context);
    if (value == FastPath.UNDECIDED) {
      return FastPath.UNDECIDED;
    }
    if (value == PlainPath.NOTHING) {
      // nothing compared: JSONata's = and != say false, an ordering says nothing
      return (operator == Operator.EQ || operator == Operator.NE) ? false : null;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Double) {
      if (!(literal instanceof Double number)) {
        return mixed();
      }
      return compared(Double.compare(((Number) value).doubleValue(), number));
    }
    if (value instanceof String text) {
      if (!(literal instanceof String other)) {
        return mixed();
      }
      return compared(text.compareTo(other));
    }
    if (value instanceof Boolean b) {
      if (operator == Operator.EQ || operator == Operator.NE) {
        return (operator == Operator.EQ) == b.equals(literal);
      }
      return FastPath.UNDECIDED; // an ordering of booleans: JSONata's error to raise
    }
    if (value instanceof List<?> || value instanceof Map<?, ?> || value == null) {
      return FastPath.UNDECIDED;
    }
    return FastPath.UNDECIDED; // another kind of number, say: JSONata decides
  }

  /** Values of different types: unequal, and an ordering is JSONata's error to raise. */
  private Object mixed() {
    return switch (operator) {
      case EQ -> false;
      case NE -> true;
      default -> FastPath.UNDECIDED;
    };
  }

  private Boolean compared(int order) {
    return switch (operator) {
      case EQ -> order == 0;
      case NE -> order != 0;
      case LT -> order < 0;
      case LE -> order <= 0;
      case GT -> order > 0;
      case GE -> order >= 0;
    };
  }
}
