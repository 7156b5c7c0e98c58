package dev.mosaic.rules.expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fast path for conditions joined by one kind of operator, {@code a = "x" and b > 1} or {@code
 * a or b}, each part a plain path or a {@link Comparison}: read left to right, stopping where
 * JSONata stops (the first false of an {@code and}, the first true of an {@code or}), each part
 * read as {@code $boolean()}. A part the fast path cannot decide hands the whole expression to
 * JSONata. Mixed {@code and}/{@code or} and parentheses are left to JSONata. ConjunctionTest holds
 * the two to the same answers over generated contexts.
 */
final class Conjunction implements FastPath {

  private final boolean and;
  private final FastPath[] parts;

  private Conjunction(boolean and, FastPath[] parts) {
    this.and = and;
    this.parts = parts;
  }

  /**
   * @return the fast path for {@code source}, or null when it is not such a conjunction
   */
  static Conjunction of(String source) {
    List<String> ands = split(source, "and");
    List<String> ors = split(source, "or");
    boolean and = ands.size() > 1;
    List<String> texts = and ? ands : ors;
    if (texts.size() < 2 || (and && ors.size() > 1)) {
      return null;
    }
    FastPath[] parts = new FastPath[texts.size()];
    for (int i = 0; i < parts.length; i++) {
      FastPath part = PlainPath.of(texts.get(i));
      if (part == null) {
        part = Comparison.of(texts.get(i));
      }
      if (part == null) {
        return null;
      }
      parts[i] = part;
    }
    return new Conjunction(and, parts);
  }

  /**
   * {@code source} cut at each {@code word} standing alone outside quotes and parentheses; one
   * piece when there is none, none when the text has quotes or parentheses it cannot follow.
   */
  private static List<String> split(String source, String word) {
    List<String> pieces = new ArrayList<>();
    int depth = 0;
    char quote = 0;
    int from = 0;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          return List.of();
        }
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0
          && Character.isWhitespace(c)
          && source.startsWith(word, i + 1)
          && i + 1 + word.length() < source.length()
          && Character.isWhitespace(source.charAt(i + 1 + word.length()))) {
        pieces.add(source.substring(from, i));
        from = i + 1 + word.length();
        i = from;
      }
    }
    if (quote != 0 || depth != 0) {
      return List.of();
    }
    pieces.add(source.substring(from));
    return pieces;
  }

  @Override
  public Object read(Map<String, ?> context) {
    for (FastPath part : parts) {
      Object value = part.read(context);
      if (value == FastPath.UNDECIDED) {
        return FastPath.UNDECIDED;
      }
      boolean truth = Truth.of(value);
      if (truth != and) {
        return !and; // an and's first false, an or's first true: JSONata stops there too
      }
    }
    return and;
  }
}
