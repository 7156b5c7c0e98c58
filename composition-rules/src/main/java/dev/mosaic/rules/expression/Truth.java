package dev.mosaic.rules.expression;

import java.util.List;
import java.util.Map;

/**
 * Whether a value counts as true, by JSONata's {@code $boolean()}: so a condition means in Mosaic
 * what it means in JSONata itself. Nothing (undefined, null), {@code false}, {@code 0}, {@code ""},
 * an empty object, a list with no true member and a function are false; everything else is true.
 */
public final class Truth {

  private Truth() {}

  public static boolean of(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (value instanceof CharSequence s) {
      return s.length() > 0;
    }
    if (value instanceof List<?> list) {
      for (Object member : list) {
        if (of(member)) {
          return true;
        }
      }
      return false;
    }
    if (value instanceof Map<?, ?> map) {
      return !map.isEmpty();
    }
    return false; // a function, which JSONata casts to false too
  }
}
