package dev.mosaic.rules.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plain-path fast path gives JSONata's answer, or declines. */
class PlainPathTest {

  private static final String[] NAMES = {"a", "b", "c", "id"};

  @Test
  void onlyPlainDottedPathsTakeTheFastPath() {
    for (String plain : List.of("path.id", "product.sellerId", "a", " a.b_c.D9 ")) {
      assertNotNull(PlainPath.of(plain), plain);
    }
    for (String other :
        List.of(
            "a.b[0]",
            "$x",
            "a + b",
            "a.`b c`",
            "true",
            "a.and",
            "null",
            "a..b",
            "a.b.",
            "$count(a)",
            "a.{ \"x\": b }",
            "1",
            "a.b.c = 1",
            "a.*",
            "a.**")) {
      assertNull(PlainPath.of(other), other);
    }
  }

  @Test
  void aListPartWayIsLeftToJsonata() {
    Map<String, Object> context =
        Map.of("order", Map.of("items", List.of(Map.of("id", 1), Map.of("id", 2))));
    assertSame(FastPath.UNDECIDED, PlainPath.of("order.items.id").read(context));
  }

  /** Differential: generated contexts and paths, the fast path against JSONata alone. */
  @Test
  void answersAsJsonataDoesOverGeneratedContexts() throws Exception {
    Random random = new Random(20261203);
    int decided = 0;
    for (int round = 0; round < 3000; round++) {
      Map<String, Object> context = map(random, 3);
      String path = path(random);
      Expression fast = Expression.compile(path);
      Object viaJsonata = JsonataOracle.evaluate(path, context);
      assertEquals(viaJsonata, fast.evaluate(context), () -> path + " over " + context);
      if (PlainPath.of(path).read(context) != FastPath.UNDECIDED) {
        decided++;
      }
    }
    // the generator must exercise the fast path itself, not only its declining
    org.junit.jupiter.api.Assertions.assertTrue(decided > 1500, "decided " + decided);
  }

  private static String path(Random random) {
    StringBuilder path = new StringBuilder(NAMES[random.nextInt(NAMES.length)]);
    int more = random.nextInt(4);
    for (int i = 0; i < more; i++) {
      path.append('.').append(NAMES[random.nextInt(NAMES.length)]);
    }
    return path.toString();
  }

  private static Map<String, Object> map(Random random, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (String name : NAMES) {
      if (random.nextInt(5) > 0) {
        map.put(name, value(random, depth));
      }
    }
    return map;
  }

  private static Object value(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 11 : 8);
    return switch (kind) {
      case 0 -> random.nextInt(1000);
      case 1 -> random.nextLong();
      case 2 -> random.nextDouble() * 100;
      case 3 -> "s" + random.nextInt(10);
      case 4 -> random.nextBoolean();
      case 5 -> null;
      case 6 -> new ArrayList<>(List.of(random.nextInt(5), random.nextInt(5)));
      case 7 -> new ArrayList<>();
      case 8 -> new ArrayList<>(List.of(map(random, depth - 1), map(random, depth - 1)));
      case 9 -> new ArrayList<>(List.of(map(random, depth - 1)));
      default -> map(random, depth - 1);
    };
  }
}
