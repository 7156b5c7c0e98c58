package dev.mosaic.rules.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text such as {@code /reviews?productId=${path.id}&limit=5} into literal text and compiled
 * expressions. <code>$${</code> writes a literal <code>${</code>. The closing brace is found by
 * counting braces outside string literals, so <code>${reviews.{ "rating": rating }}</code> is one
 * expression.
 */
public final class TemplateText {

  /** Literal text or an expression, in order. */
  public sealed interface Part permits Literal, Expr, Secret {}

  public record Literal(String text) implements Part {}

  public record Expr(Expression expression) implements Part {}

  /**
   * A {@code ${secret:name}} resolved when the config was compiled (header values only; never
   * produced by {@link #parse}). Prints as the reference, never as the value.
   */
  public record Secret(String name, String value) implements Part {
    @Override
    public String toString() {
      return "${secret:" + name + "}";
    }
  }

  private TemplateText() {}

  /**
   * @throws InvalidExpressionException with the offset inside {@code text}
   */
  public static List<Part> parse(String text) throws InvalidExpressionException {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        literal.append("${");
        i += 3;
        continue;
      }
      if (!text.startsWith("${", i)) {
        literal.append(text.charAt(i++));
        continue;
      }
      int end = closingBrace(text, i + 2);
      if (end < 0) {
        throw new InvalidExpressionException("'${' is never closed with '}'", i);
      }
      if (literal.length() > 0) {
        parts.add(new Literal(literal.toString()));
        literal.setLength(0);
      }
      try {
        parts.add(new Expr(Expression.compile(text.substring(i + 2, end))));
      } catch (InvalidExpressionException e) {
        throw new InvalidExpressionException(e.getMessage(), i + 2 + e.offset());
      }
      i = end + 1;
    }
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString()));
    }
    return List.copyOf(parts);
  }

  public static boolean hasExpression(String text) {
    return text.replace("$${", "").contains("${");
  }

  private static int closingBrace(String text, int from) {
    int depth = 0;
    char quote = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
    }
    return -1;
  }
}
