package dev.mosaic.rules.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A condition means in Mosaic what JSONata's own {@code $boolean()} says of the same value. */
class TruthTest {

  @Test
  void agreesWithJsonataBooleanOnEveryKindOfValue() throws Exception {
    Map<String, Object> values = new HashMap<>();
    values.put("nothing", null);
    values.put("t", true);
    values.put("f", false);
    values.put("zero", 0);
    values.put("zeroPointZero", 0.0);
    values.put("one", 1);
    values.put("negative", -2.5);
    values.put("empty", "");
    values.put("text", "false");
    values.put("emptyList", List.of());
    values.put("falseList", Arrays.asList(false, 0, "", null));
    values.put("mixedList", Arrays.asList(false, 0, "x"));
    values.put("nestedFalse", List.of(List.of(false), List.of(0)));
    values.put("emptyObject", Map.of());
    values.put("object", Map.of("a", 1));
    List<String> disagreements = new ArrayList<>();
    for (String name : values.keySet()) {
      Map<String, Object> context = Map.of("v", values);
      Object jsonata = Expression.compile("$boolean(v." + name + ")").evaluate(context);
      boolean mosaic = Expression.compile("v." + name).test(context);
      // JSONata's $boolean of nothing is nothing; Mosaic reads nothing as false
      boolean expected = jsonata != null && (Boolean) jsonata;
      if (mosaic != expected) {
        disagreements.add(name + ": JSONata " + jsonata + ", Mosaic " + mosaic);
      }
    }
    assertEquals(List.of(), disagreements);
  }

  @Test
  void aMissingFieldIsFalse() throws Exception {
    assertEquals(false, Expression.compile("query.flag").test(Map.of("query", Map.of())));
  }
}
