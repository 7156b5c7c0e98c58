package dev.mosaic.rules.expression;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;

/** How an expression's value reads when it is put into text (a header, a URL, a string). */
public final class JsonText {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonText() {}

  /** Strings as they are, whole numbers without ".0", null as empty, objects and arrays as JSON. */
  public static String asText(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Double d) {
      if (!Double.isFinite(d)) {
        return d
            .toString(); // 1e999 in a JSON body parses to Infinity; BigDecimal has no form for it
      }
      return isWhole(d)
          ? Long.toString(d.longValue())
          : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    if (value instanceof Float f) {
      return asText(f.doubleValue());
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  private static boolean isWhole(double d) {
    return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15;
  }
}
