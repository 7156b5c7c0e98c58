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

/** The and/or fast path gives JSONata's answer (or leaves it to JSONata). */
class ConjunctionTest {

  private static final String[] PARTS = {
    "v.a", "v.b", "v.a = \"s1\"", "v.b > 2", "v.a != 3", "$not(v.b = true)", "v.c.d", "v.a < 1"
  };

  @Test
  void onlyOneKindOfJoinOverFastPartsTakesTheFastPath() {
    for (String conjunction :
        List.of(
            "a and b",
            "query.x = \"a and b\" and query.y",
            "a or b or c.d",
            "$not(a = 1) and b > 2")) {
      assertNotNull(Conjunction.of(conjunction), conjunction);
    }
    for (String other :
        List.of(
            "a and b or c",
            "(a and b)",
            "a and $count(b) > 1",
            "a",
            "android = 1",
            "a and",
            "a = 'x\\'' and b")) {
      assertNull(Conjunction.of(other), other);
    }
  }

  /** Differential: generated contexts and joins of generated parts, against JSONata alone. */
  @Test
  void answersAsJsonataDoesOverGeneratedValues() throws Exception {
    Random random = new Random(20261203);
    int decided = 0;
    int rounds = 4000;
    for (int round = 0; round < rounds; round++) {
      Map<String, Object> v = new HashMap<>();
      for (String name : List.of("a", "b", "c")) {
        if (random.nextInt(5) > 0) {
          v.put(name, value(random));
        }
      }
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("v", v);
      String join = random.nextBoolean() ? " and " : " or ";
      int n = 2 + random.nextInt(2);
      StringBuilder source = new StringBuilder(PARTS[random.nextInt(PARTS.length)]);
      for (int i = 1; i < n; i++) {
        source.append(join).append(PARTS[random.nextInt(PARTS.length)]);
      }
      Object expected;
      try {
        expected = JsonataOracle.evaluate(source.toString(), context);
      } catch (RuntimeException e) {
        expected = "error";
      }
      Conjunction fast = Conjunction.of(source.toString());
      Object got = fast.read(context);
      if (got != FastPath.UNDECIDED) {
        decided++;
        assertEquals(expected, got, source + " over " + context);
      }
    }
    assertTrue(decided > rounds / 3, "decided " + decided);
  }

  private static Object value(Random random) {
    return switch (random.nextInt(9)) {
      case 0, 1 -> random.nextInt(5);
      case 2 -> random.nextInt(8) / 2.0;
      case 3, 4 -> "s" + random.nextInt(3);
      case 5 -> random.nextBoolean();
      case 6 -> null;
      case 7 -> new ArrayList<>(List.of(random.nextInt(3)));
      default -> Map.of("d", random.nextBoolean());
    };
  }
}
