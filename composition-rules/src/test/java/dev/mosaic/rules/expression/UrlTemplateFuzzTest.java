package dev.mosaic.rules.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any JSON value put into a path segment or query value either renders to a target that a server
 * reads exactly one way — the template's literal prefix, its number of segments, RFC 3986
 * characters only, no empty or dot segment, each value decoding back to itself — or is refused with
 * UnsafeValueException, and only when it truly cannot fit. Any other exception fails.
 *
 * <p>Fuzzed for maxDuration by the module's "fuzz" surefire execution (JAZZER_FUZZ=1); without it
 * Jazzer replays the seeds in src/test/resources/.../UrlTemplateFuzzTestInputs, findings included.
 */
class UrlTemplateFuzzTest {

  /** A path segment: literal text, or {@code before + value + after}. */
  private record Segment(String before, String expression, String after) {
    static Segment literal(String text) {
      return new Segment(text, null, null);
    }
  }

  /** A query parameter: a value from {@code expression}, or literal text. */
  private record Param(String name, String expression, String literal) {}

  private record Shape(UrlTemplate url, List<Segment> path, List<Param> query) {
    String prefix() {
      return url.source().substring(0, url.source().indexOf("${"));
    }
  }

  private static final List<Shape> SHAPES =
      List.of(
          shape(
              "/products/${path.v}",
              List.of(Segment.literal("products"), new Segment("", "path.v", "")),
              List.of()),
          shape(
              "/a/${path.v}/b?x=${query.w}&limit=5",
              List.of(Segment.literal("a"), new Segment("", "path.v", ""), Segment.literal("b")),
              List.of(new Param("x", "query.w", null), new Param("limit", null, "5"))),
          shape(
              "/a/pre-${path.v}-post/c",
              List.of(
                  Segment.literal("a"),
                  new Segment("pre-", "path.v", "-post"),
                  Segment.literal("c")),
              List.of()),
          shape(
              "/r?ids=${query.w}&b=${query.u}",
              List.of(Segment.literal("r")),
              List.of(new Param("ids", "query.w", null), new Param("b", "query.u", null))),
          shape(
              "/r/${path.v}/${path.u}?q=${query.w}",
              List.of(
                  Segment.literal("r"),
                  new Segment("", "path.v", ""),
                  new Segment("", "path.u", "")),
              List.of(new Param("q", "query.w", null))));

  /** Fragments that have broken URL builders: separators, escapes, dot segments, odd Unicode. */
  private static final String[] NASTY = {
    "..",
    ".",
    "/",
    "%",
    "%2e",
    "%2F",
    "%25",
    "?",
    "#",
    "&",
    "=",
    "+",
    ",",
    ";",
    " ",
    "\r",
    "\n",
    "\0",
    "\t",
    "\\",
    "é",
    "\uD83D\uDE00",
    "\uD800",
    "\uDC00",
    "${",
    "@",
    ":",
    "[",
    "]",
    "\u00A0",
    "\u2028",
    "\uFEFF",
    "\u007F",
    "a",
    "1"
  };

  private static final String BATCH_PARAM = "keys";

  @FuzzTest(maxDuration = "15s")
  void renderedTargetsAreSafeAndCarryEachValueWhole(FuzzedDataProvider data) throws Exception {
    Shape shape = SHAPES.get(data.consumeInt(0, SHAPES.size() - 1));
    Map<String, Object> path = new LinkedHashMap<>();
    path.put("v", value(data, 2));
    path.put("u", value(data, 2));
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("w", value(data, 2));
    query.put("u", value(data, 2));
    List<Object> keys = data.consumeBoolean() ? list(data, 1) : null;
    Map<String, Object> context = Map.of("path", path, "query", query);

    String target;
    try {
      target =
          keys == null
              ? shape.url().render(context)
              : shape.url().renderWithList(context, BATCH_PARAM, keys);
    } catch (UnsafeValueException refused) {
      assertNotNull(
          unfit(shape, context, keys),
          "refused values that fit: "
              + RequestTarget.show(refused.getMessage())
              + " in "
              + RequestTarget.show(context));
      return;
    }
    assertNull(
        unfit(shape, context, keys),
        () -> "rendered " + RequestTarget.show(context) + " as " + target);
    RequestTarget.assertWellFormed(target);
    assertTrue(target.startsWith(shape.prefix()), target);

    List<String> segments = RequestTarget.segments(target);
    assertEquals(shape.path().size(), segments.size(), target);
    for (int i = 0; i < segments.size(); i++) {
      Segment expected = shape.path().get(i);
      if (expected.expression() == null) {
        assertEquals(expected.before(), segments.get(i), target);
      } else {
        String decoded = RequestTarget.decode(segments.get(i));
        assertTrue(
            decoded.startsWith(expected.before()) && decoded.endsWith(expected.after()), target);
        assertText(
            evaluate(expected.expression(), context),
            decoded.substring(
                expected.before().length(), decoded.length() - expected.after().length()));
      }
    }

    assertEquals(
        shape.query().size() + (keys == null ? 0 : 1), RequestTarget.query(target).size(), target);
    for (Param param : shape.query()) {
      String raw = RequestTarget.param(target, param.name());
      if (param.expression() == null) {
        assertEquals(param.literal(), raw, target);
      } else {
        assertQueryValue(evaluate(param.expression(), context), raw);
      }
    }
    if (keys != null) {
      assertQueryValue(keys, RequestTarget.param(target, BATCH_PARAM));
    }
  }

  /** Why these values cannot be rendered into this shape, or null when they can. */
  private static String unfit(Shape shape, Map<String, Object> context, List<Object> keys)
      throws EvaluationException {
    for (Segment segment : shape.path()) {
      if (segment.expression() != null) {
        Object value = evaluate(segment.expression(), context);
        if (value instanceof Map || value instanceof List) {
          return segment.expression() + " is not one value";
        }
        String text = JsonText.asText(value);
        if (text.isEmpty() || text.equals(".") || text.equals("..")) {
          return segment.expression() + " is nothing or a dot segment on its own";
        }
        if (!PercentEncoding.isWellFormed(text)) {
          return segment.expression() + " has a lone surrogate";
        }
      }
    }
    for (Param param : shape.query()) {
      if (param.expression() != null && unfitForQuery(evaluate(param.expression(), context))) {
        return param.expression() + " is not one value or a list of them";
      }
    }
    return keys != null && unfitForQuery(keys) ? "a batch key is not one value" : null;
  }

  private static boolean unfitForQuery(Object value) {
    if (value instanceof List<?> list) {
      return list.stream()
          .anyMatch(item -> item instanceof Map || item instanceof List || unencodable(item));
    }
    return value instanceof Map || unencodable(value);
  }

  private static boolean unencodable(Object value) {
    return value instanceof String s && !PercentEncoding.isWellFormed(s);
  }

  /** A query value is the value's text, or a list's items' texts joined by raw commas. */
  private static void assertQueryValue(Object value, String raw) {
    if (value instanceof List<?> list) {
      List<String> items = list.isEmpty() ? List.of() : List.of(raw.split(",", -1));
      assertEquals(list.size(), items.size(), raw);
      for (int i = 0; i < list.size(); i++) {
        assertText(list.get(i), RequestTarget.decode(items.get(i)));
      }
    } else {
      assertText(value, RequestTarget.decode(raw));
    }
  }

  /** The text a value reads as: strings exactly, numbers as the same number, null as nothing. */
  private static void assertText(Object value, String text) {
    if (value instanceof Double d) {
      double read = Double.parseDouble(text); // -0.0 may read "0"; NaN is not == itself
      assertTrue(
          d == read || Double.isNaN(d) && Double.isNaN(read), () -> d + " arrived as " + text);
    } else if (value instanceof Number n) {
      assertEquals(0, new BigDecimal(n.toString()).compareTo(new BigDecimal(text)), text);
    } else {
      String expected = value == null ? "" : value.toString();
      assertTrue(
          expected.equals(text),
          () ->
              "value " + RequestTarget.show(expected) + " arrived as " + RequestTarget.show(text));
    }
  }

  private static final Map<String, Expression> EXPRESSIONS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static Object evaluate(String source, Map<String, Object> context)
      throws EvaluationException {
    return EXPRESSIONS
        .computeIfAbsent(
            source,
            s -> {
              try {
                return Expression.compile(s);
              } catch (InvalidExpressionException e) {
                throw new IllegalStateException(e);
              }
            })
        .evaluate(context);
  }

  /** What a parsed JSON body, a path or query parameter or a service's answer can hold. */
  private static Object value(FuzzedDataProvider data, int depth) {
    switch (data.consumeInt(0, depth > 0 ? 10 : 8)) {
      case 0:
        return data.consumeString(40);
      case 1:
        { // any UTF-16, lone surrogates included: a JSON "\ud800" parses to one
          short[] units = data.consumeShorts(20);
          char[] chars = new char[units.length];
          for (int i = 0; i < units.length; i++) {
            chars[i] = (char) units[i];
          }
          return new String(chars);
        }
      case 2:
        {
          StringBuilder text = new StringBuilder();
          for (int n = data.consumeInt(0, 6); n > 0; n--) {
            text.append(NASTY[data.consumeInt(0, NASTY.length - 1)]);
          }
          return text.toString();
        }
      case 3:
        return data.consumeLong();
      case 4:
        return data.consumeInt();
      case 5:
        return data.consumeDouble(); // 1e999 in a JSON body parses to Infinity
      case 6:
        return data.consumeBoolean();
      case 7:
        return BigInteger.valueOf(data.consumeLong())
            .multiply(BigInteger.TEN.pow(data.consumeInt(0, 30)));
      case 8:
        return null;
      case 9:
        return list(data, depth - 1);
      default:
        {
          Map<String, Object> object = new LinkedHashMap<>();
          object.put(data.consumeString(5), value(data, depth - 1));
          return object;
        }
    }
  }

  private static List<Object> list(FuzzedDataProvider data, int depth) {
    List<Object> list = new ArrayList<>();
    for (int n = data.consumeInt(0, 4); n > 0; n--) {
      list.add(value(data, depth));
    }
    return list;
  }

  private static Shape shape(String template, List<Segment> path, List<Param> query) {
    try {
      return new Shape(UrlTemplate.compile(template), path, query);
    } catch (InvalidExpressionException e) {
      throw new IllegalStateException(template, e);
    }
  }
}
