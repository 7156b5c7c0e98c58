package dev.mosaic.rules.expression;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The path-and-query of an outbound call, e.g. {@code /reviews?productId=${path.id}&limit=5}.
 *
 * <p>The literal text comes from the config and is checked once at load; every value from an
 * expression is percent-encoded as exactly one path segment (before the {@code ?}) or one query
 * value (after it), never decoded and never concatenated raw. The host, port and scheme come from
 * the service's config only, so no value can redirect a call.
 */
public final class UrlTemplate {

  private static final String PATH_CHARS = "-._~!$&'()*+,;=:@/%";
  private static final String QUERY_CHARS = PATH_CHARS + "?";
  private static final String HEX = "0123456789ABCDEF";

  private final String source;
  private final List<Object> parts; // String literal, or PathValue / QueryValue
  private final List<Expression> expressions;
  private final boolean hasQuery;

  private record PathValue(Expression expression) {}

  private record QueryValue(Expression expression) {}

  private UrlTemplate(
      String source, List<Object> parts, List<Expression> expressions, boolean hasQuery) {
    this.source = source;
    this.parts = parts;
    this.expressions = expressions;
    this.hasQuery = hasQuery;
  }

  /**
   * @throws InvalidExpressionException for a bad expression or literal, with its offset
   */
  public static UrlTemplate compile(String source) throws InvalidExpressionException {
    if (!source.startsWith("/")) {
      throw new InvalidExpressionException(
          "a call path must start with '/' (the host comes from the service)", 0);
    }
    List<TemplateText.Part> text = TemplateText.parse(source);
    List<Object> parts = new ArrayList<>();
    List<Expression> expressions = new ArrayList<>();
    boolean inQuery = false;
    int offset = 0;
    for (TemplateText.Part part : text) {
      if (part instanceof TemplateText.Literal literal) {
        String raw = literal.text();
        int question = raw.indexOf('?');
        checkLiteral(inQuery || question < 0 ? raw : raw.substring(0, question), inQuery, offset);
        if (!inQuery && question >= 0) {
          checkLiteral(raw.substring(question + 1), true, offset + question + 1);
          inQuery = true;
        }
        parts.add(raw);
        offset += raw.length();
      } else {
        Expression expression = ((TemplateText.Expr) part).expression();
        parts.add(inQuery ? new QueryValue(expression) : new PathValue(expression));
        expressions.add(expression);
        offset += expression.source().length() + 3;
      }
    }
    return new UrlTemplate(source, List.copyOf(parts), List.copyOf(expressions), inQuery);
  }

  private static void checkLiteral(String literal, boolean query, int offset)
      throws InvalidExpressionException {
    String allowed = query ? QUERY_CHARS : PATH_CHARS;
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (!PercentEncoding.isUnreserved(c) && allowed.indexOf(c) < 0) {
        throw new InvalidExpressionException(
            "character '" + c + "' must be percent-encoded in a URL", offset + i);
      }
    }
    for (int i = literal.indexOf('%'); i >= 0; i = literal.indexOf('%', i + 1)) {
      // a '%' must start a complete escape here: before a value, the value would complete it
      if (i + 2 >= literal.length()
          || HEX.indexOf(Character.toUpperCase(literal.charAt(i + 1))) < 0
          || HEX.indexOf(Character.toUpperCase(literal.charAt(i + 2))) < 0) {
        throw new InvalidExpressionException("'%' must be followed by two hex digits", offset + i);
      }
      if (!query && literal.regionMatches(true, i, "%2e", 0, 3)) {
        throw new InvalidExpressionException(
            "an encoded '.' in a path is a dot segment to some servers", offset + i);
      }
    }
    if (!query
        && (literal.contains("//")
            || literal.contains("/./")
            || literal.contains("/../")
            || literal.endsWith("/.")
            || literal.endsWith("/.."))) {
      throw new InvalidExpressionException(
          "empty, '.' or '..' path segments are not allowed", offset);
    }
  }

  /**
   * @throws UnsafeValueException when a value cannot be encoded into the one place it belongs
   */
  public String render(Map<String, ?> context) throws EvaluationException, UnsafeValueException {
    StringBuilder out = new StringBuilder(source.length() + 32);
    Expression lastPathValue = null;
    for (Object part : parts) {
      if (part instanceof String literal) {
        out.append(literal);
      } else if (part instanceof PathValue value) {
        out.append(
            PercentEncoding.encode(
                pathSegment(value.expression, value.expression.evaluate(context))));
        lastPathValue = value.expression;
      } else {
        QueryValue value = (QueryValue) part;
        out.append(queryValue(value.expression, value.expression.evaluate(context)));
      }
    }
    checkSegments(out, lastPathValue);
    return out.toString();
  }

  /**
   * Evaluates only the values chosen by {@code which} (say, those read from the client's input) and
   * checks each fits where it goes, without building the URL: lets a request be refused before any
   * call is sent.
   */
  public void check(Map<String, ?> context, java.util.function.Predicate<Expression> which)
      throws UnsafeValueException, EvaluationException {
    for (Object part : parts) {
      if (part instanceof PathValue value && which.test(value.expression)) {
        pathSegment(value.expression, value.expression.evaluate(context));
      } else if (part instanceof QueryValue value && which.test(value.expression)) {
        queryValue(value.expression, value.expression.evaluate(context));
      }
    }
  }

  /** This path with {@code param=k1,k2} added to its query; each key encoded on its own. */
  public String renderWithList(Map<String, ?> context, String param, Collection<?> values)
      throws EvaluationException, UnsafeValueException {
    String base = render(context);
    StringBuilder out =
        new StringBuilder(base)
            .append(hasQuery ? '&' : '?')
            .append(PercentEncoding.encode(param))
            .append('=');
    boolean first = true;
    for (Object value : values) {
      if (!first) {
        out.append(',');
      }
      out.append(PercentEncoding.encode(scalar(null, value)));
      first = false;
    }
    return out.toString();
  }

  /**
   * Checks that {@code key} can be one item of {@link #renderWithList}'s list, blaming {@code
   * over}: lets a batch over the client's input be refused before any call is sent.
   */
  public static void checkListItem(Expression over, Object key) throws UnsafeValueException {
    scalar(over, key);
  }

  private static String pathSegment(Expression e, Object value) throws UnsafeValueException {
    String text = scalar(e, value);
    if (text.isEmpty() || text.equals(".") || text.equals("..")) {
      throw new UnsafeValueException(
          e,
          e
              + " gave "
              + (text.isEmpty() ? "nothing" : "'" + text + "'")
              + ", which cannot be a path segment");
    }
    return text;
  }

  private static String queryValue(Expression e, Object value) throws UnsafeValueException {
    if (value instanceof List<?> list) {
      StringBuilder joined = new StringBuilder();
      boolean first = true;
      for (Object item : list) {
        if (!first) {
          joined.append(','); // also after an empty item, or ["", "b"] would arrive as "b"
        }
        joined.append(PercentEncoding.encode(scalar(e, item)));
        first = false;
      }
      return joined.toString();
    }
    return value == null ? "" : PercentEncoding.encode(scalar(e, value));
  }

  private static String scalar(Expression e, Object value) throws UnsafeValueException {
    if (value instanceof Map || value instanceof List) {
      throw new UnsafeValueException(
          e,
          (e == null ? "a key" : e.toString())
              + " gave "
              + (value instanceof Map ? "an object" : "a list")
              + " where one value belongs");
    }
    String text = JsonText.asText(value);
    if (!PercentEncoding.isWellFormed(text)) {
      // UTF-8 has no form for a lone surrogate (a JSON "\ud800" parses to one): encoding would put
      // a '?' in its place and ask the service for another resource
      throw new UnsafeValueException(
          e, (e == null ? "a key" : e.toString()) + " gave text with a lone surrogate");
    }
    return text;
  }

  private static void checkSegments(CharSequence path, Expression culprit)
      throws UnsafeValueException {
    // Encoded values never contain '/', so an empty or dot segment can only come from a value.
    int end = indexOf(path, '?');
    int start = 1;
    while (start <= end) {
      int slash = start;
      while (slash < end && path.charAt(slash) != '/') {
        slash++;
      }
      CharSequence segment = path.subSequence(start, slash);
      if ((segment.length() == 0 && slash < end)
          || segment.toString().equals(".")
          || segment.toString().equals("..")) {
        throw new UnsafeValueException(
            culprit, "the call path would contain an empty or dot segment");
      }
      start = slash + 1;
    }
  }

  private static int indexOf(CharSequence s, char c) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return s.length();
  }

  public List<Expression> expressions() {
    return expressions;
  }

  public Set<String> rootNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Expression e : expressions) {
      names.addAll(e.rootNames());
    }
    return names;
  }

  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return source;
  }
}
