package dev.mosaic.rules.expression;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fast path for a summary of a call's list, such as the demo product's rating: {@code
 * $count(reviews) > 0 ? $round($average(reviews.rating), 1) : null}. Through JSONata's evaluator
 * that cost ~10 µs a request in the S8 benchmark (7% of the event loop), a third of it the
 * library's per-call argument check (a type string matched by a regex); here it is a loop over the
 * list.
 *
 * <p>The shapes: {@code $count}, {@code $sum}, {@code $average}, {@code $max} or {@code $min} of a
 * name or of a field of a list's items ({@code reviews.rating}); {@code $round} of one, with a
 * precision of 0 to 6; and {@code COND ? A : B}, where COND compares one with a number and A and B
 * are such values, numbers or {@code null}. It answers only where JSONata's answer is certain:
 * lists of objects whose fields are plain numbers (or absent). A null, a string, a nested list or
 * anything else is left to JSONata (its error, or its own reading). Numbers come back as JSONata's
 * do: a whole result as an Integer (a Long beyond int), else a Double; {@code $round} rounds half
 * to even on the decimal value. AggregationTest holds the two to the same answers over generated
 * lists.
 */
final class Aggregation implements FastPath {

  private static final String AGG =
      "\\$(count|sum|average|max|min)\\(\\s*("
          + PlainPath.NAME
          + "(?:\\."
          + PlainPath.NAME
          + ")?)\\s*\\)";

  /** The same, capturing nothing: for inside the larger shapes, whose groups are counted. */
  private static final String AGG_PLAIN =
      AGG.replace("(count", "(?:count").replace("\\s*(", "\\s*(?:");

  private static final String NUMBER = "-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?";
  private static final String VALUE =
      "(?:null|"
          + NUMBER
          + "|\\$round\\(\\s*"
          + AGG_PLAIN
          + "\\s*(?:,\\s*[0-6]\\s*)?\\)|"
          + AGG_PLAIN
          + ")";
  private static final Pattern VALUE_SHAPE = Pattern.compile("\\s*(" + VALUE + ")\\s*");
  private static final Pattern TERNARY =
      Pattern.compile(
          "\\s*"
              + AGG
              + "\\s*(=|!=|<=|>=|<|>)\\s*("
              + NUMBER
              + ")\\s*\\?\\s*("
              + VALUE
              + ")\\s*:\\s*("
              + VALUE
              + ")\\s*");
  private static final Pattern ROUND =
      Pattern.compile("\\$round\\(\\s*(" + AGG_PLAIN + ")\\s*(?:,\\s*([0-6])\\s*)?\\)");
  private static final Pattern AGG_ONLY = Pattern.compile(AGG);

  /** One value: a summary, possibly rounded, or a constant. */
  private record Value(String function, List<String> path, int precision, Object constant) {

    static final int NOT_ROUNDED = -1;

    Object read(Map<String, ?> context) {
      if (function == null) {
        return constant;
      }
      Object summary = summarize(function, path, context);
      if (summary == UNDECIDED || summary == null || precision == NOT_ROUNDED) {
        return summary;
      }
      return number(
          BigDecimal.valueOf(((Number) summary).doubleValue())
              .setScale(precision, RoundingMode.HALF_EVEN)
              .doubleValue());
    }
  }

  private final Value condition;
  private final String operator;
  private final double compared;
  private final Value then;
  private final Value otherwise;

  private Aggregation(
      Value condition, String operator, double compared, Value then, Value otherwise) {
    this.condition = condition;
    this.operator = operator;
    this.compared = compared;
    this.then = then;
    this.otherwise = otherwise;
  }

  /**
   * @return the fast path for {@code source}, or null when it is none of the shapes above
   */
  static Aggregation of(String source) {
    Matcher ternary = TERNARY.matcher(source);
    if (ternary.matches()) {
      Value condition = summary(ternary.group(1), ternary.group(2), Value.NOT_ROUNDED);
      Value then = value(ternary.group(5));
      Value otherwise = value(ternary.group(6));
      if (condition == null || then == null || otherwise == null) {
        return null;
      }
      return new Aggregation(
          condition, ternary.group(3), Double.parseDouble(ternary.group(4)), then, otherwise);
    }
    Matcher single = VALUE_SHAPE.matcher(source);
    if (!single.matches() || !single.group(1).startsWith("$")) {
      return null; // a bare constant is JSONata's to fold
    }
    Value value = value(single.group(1));
    return value == null ? null : new Aggregation(null, null, 0, value, null);
  }

  private static Value value(String text) {
    String trimmed = text.strip();
    if (trimmed.equals("null")) {
      return new Value(null, null, Value.NOT_ROUNDED, null);
    }
    Matcher round = ROUND.matcher(trimmed);
    if (round.matches()) {
      Matcher agg = AGG_ONLY.matcher(round.group(1));
      if (!agg.matches()) {
        return null;
      }
      int precision = round.group(2) == null ? 0 : Integer.parseInt(round.group(2));
      return summary(agg.group(1), agg.group(2), precision);
    }
    Matcher agg = AGG_ONLY.matcher(trimmed);
    if (agg.matches()) {
      return summary(agg.group(1), agg.group(2), Value.NOT_ROUNDED);
    }
    return new Value(null, null, Value.NOT_ROUNDED, number(Double.parseDouble(trimmed)));
  }

  private static Value summary(String function, String path, int precision) {
    List<String> steps = List.of(path.split("\\."));
    for (String step : steps) {
      if (PlainPath.of(step) == null) {
        return null; // a reserved word where a name should be
      }
    }
    return new Value(function, steps, precision, null);
  }

  @Override
  public Object read(Map<String, ?> context) {
    if (condition == null) {
      return then.read(context);
    }
    Object tested = condition.read(context);
    if (tested == UNDECIDED || tested == null) {
      return UNDECIDED; // nothing compared: JSONata's reading
    }
    double value = ((Number) tested).doubleValue();
    boolean holds =
        switch (operator) {
          case "=" -> value == compared;
          case "!=" -> value != compared;
          case "<" -> value < compared;
          case "<=" -> value <= compared;
          case ">" -> value > compared;
          default -> value >= compared;
        };
    return (holds ? then : otherwise).read(context);
  }

  /**
   * @return the function's value over the path (null for nothing), or UNDECIDED
   */
  private static Object summarize(String function, List<String> path, Map<String, ?> context) {
    List<Object> items = items(path, context);
    if (items == null) {
      return UNDECIDED;
    }
    if (function.equals("count")) {
      return items.size();
    }
    if (items == NOTHING && function.equals("sum")) {
      return null; // $sum of nothing is nothing; of an empty list, 0
    }
    double total = 0;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (Object item : items) {
      if (!(item instanceof Integer || item instanceof Long || item instanceof Double)) {
        return UNDECIDED; // not a number: JSONata's error
      }
      double v = ((Number) item).doubleValue();
      total += v;
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    return switch (function) {
      case "sum" -> number(total);
      case "average" -> items.isEmpty() ? null : number(total / items.size());
      case "max" -> items.isEmpty() ? null : number(max);
      default -> items.isEmpty() ? null : number(min);
    };
  }

  /** The path led to nothing at all (not to an empty list): no items, and not a sequence. */
  private static final List<Object> NOTHING =
      java.util.Collections.unmodifiableList(new ArrayList<>(0));

  /**
   * The sequence JSONata makes of the path: the named value (a list as its items, anything else as
   * itself), or the field of each of its items; {@link #NOTHING} where that is nothing. Null where
   * JSONata has more to decide (nested lists, nulls, a field of something not an object).
   */
  @SuppressWarnings("unchecked")
  private static List<Object> items(List<String> path, Map<String, ?> context) {
    Object root = ((Map<String, Object>) context).getOrDefault(path.get(0), PlainPath.NOTHING);
    if (root == PlainPath.NOTHING) {
      return NOTHING;
    }
    if (root == null) {
      return null;
    }
    List<?> values = root instanceof List<?> list ? list : List.of(root);
    List<Object> items = new ArrayList<>(values.size());
    for (Object value : values) {
      if (value == null || value instanceof List<?>) {
        return null;
      }
      if (path.size() == 1) {
        items.add(value);
        continue;
      }
      if (!(value instanceof Map<?, ?> map)) {
        return null;
      }
      Object field = ((Map<String, Object>) map).getOrDefault(path.get(1), PlainPath.NOTHING);
      if (field == PlainPath.NOTHING) {
        continue;
      }
      if (field == null || field instanceof List<?>) {
        return null;
      }
      items.add(field);
    }
    // a field of no item is nothing, as is every other path that found no value
    return path.size() > 1 && items.isEmpty() ? NOTHING : items;
  }

  /** As JSONata hands numbers back: whole as Integer (Long beyond int), else Double. */
  private static Number number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return null;
    }
    long whole = (long) value;
    if (whole == value) {
      if (whole == (int) whole) {
        return Integer.valueOf((int) whole);
      }
      return Long.valueOf(whole);
    }
    return value;
  }
}
