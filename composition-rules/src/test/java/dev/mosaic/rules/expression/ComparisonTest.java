package dev.mosaic.rules.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The comparison fast path gives JSONata's answer (or its error), or declines. */
class ComparisonTest {

  private static final String[] OPERATORS = {"=", "!=", "<", "<=", ">", ">="};
  private static final String[] LITERALS = {
    "\"s3\"", "'s3'", "\"\"", "3", "3.0", "3.5", "-2", "1e1", "0", "true", "false"
  };

  @Test
  void onlyAPathComparedWithALiteralTakesTheFastPath() {
    for (String comparison :
        List.of(
            "query.x = \"yes\"",
            "a.b != 'no'",
            "product.price > 100",
            " a<=-2.5 ",
            "a >= 1e3",
            "flag = true",
            "$not(query.view = \"lite\")")) {
      assertNotNull(Comparison.of(comparison), comparison);
    }
    for (String other :
        List.of(
            "a = b",
            "a = null",
            "\"x\" = a",
            "a = \"x\\\"y\"",
            "a and b",
            "a = 1 and b = 2",
            "a in [1]",
            "$number(a) > 1",
            "a.and = 1",
            "a = 01",
            "a < true",
            "$not(a)",
            "$not(a = 1) and b",
            "a[0] = 1")) {
      assertNull(Comparison.of(other), other);
    }
  }

  /** Differential: generated values under every operator and literal, against JSONata alone. */
  @Test
  void answersAsJsonataDoesOverGeneratedValues() throws Exception {
    Random random = new Random(20261203);
    int decided = 0;
    int rounds = 6000;
    for (int round = 0; round < rounds; round++) {
      Map<String, Object> v = new HashMap<>();
      if (random.nextInt(8) > 0) {
        v.put("a", value(random));
      }
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("v", v);
      String comparison =
          "v.a "
              + OPERATORS[random.nextInt(OPERATORS.length)]
              + " "
              + LITERALS[random.nextInt(LITERALS.length)];
      String source = random.nextInt(4) == 0 ? "$not(" + comparison + ")" : comparison;
      Object expected;
      try {
        expected = JsonataOracle.evaluate(source, context);
      } catch (RuntimeException e) {
        expected = "error";
      }
      Comparison fastPath = Comparison.of(source);
      if (fastPath == null) {
        continue; // an ordering of booleans: always JSONata's (its error)
      }
      Object fast = fastPath.read(context);
      if (fast != FastPath.UNDECIDED) {
        decided++;
        assertEquals(expected, fast, source + " over " + context);
      }
    }
    // the generator must exercise the fast path itself, not only its declining
    assertTrue(decided > rounds / 3, "decided " + decided);
  }

  private static Object value(Random random) {
    return switch (random.nextInt(11)) {
      case 0, 1 -> random.nextInt(6) - 2;
      case 2 -> (long) random.nextInt(6);
      case 3 -> random.nextInt(8) / 2.0;
      case 4, 5 -> random.nextBoolean() ? "s" + random.nextInt(5) : "";
      case 6 -> random.nextBoolean();
      case 7 -> null;
      case 8 -> new ArrayList<>(List.of(random.nextInt(5)));
      case 9 -> new ArrayList<>();
      default -> Map.of("x", 1);
    };
  }
}
