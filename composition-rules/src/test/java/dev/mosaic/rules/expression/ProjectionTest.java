package dev.mosaic.rules.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Picking fields from each item: JSONata's answer, key order included, or a decline. */
class ProjectionTest {

  private static final String[] FIELDS = {"rating", "text", "id", "meta"};

  @Test
  void recognisesOnlyItsShape() {
    for (String shape :
        List.of(
            "[reviews.{ \"rating\": rating, \"text\": text }]",
            "reviews.{\"r\":rating}",
            " [ a.b . { \"x\" : c.d , \"y\": e } ] ")) {
      assertNotNull(Projection.of(shape), shape);
    }
    for (String other :
        List.of(
            "[reviews.{ \"r\": rating }",
            "reviews.{ \"r\": rating }]",
            "reviews{\"r\": rating}",
            "reviews.{ \"r\": rating + 1 }",
            "reviews.{ \"r\": $count(x) }",
            "reviews.{ r: rating }",
            "reviews.{ \"r\": rating, \"r\": text }",
            "reviews.{}",
            "reviews[0].{ \"r\": rating }",
            "reviews.{ \"r\": true }",
            "$.{ \"r\": rating }")) {
      assertNull(Projection.of(other), other);
    }
  }

  @Test
  void answersAsJsonataDoesOverGeneratedContexts() throws Exception {
    Random random = new Random(31);
    int decided = 0;
    for (int round = 0; round < 4000; round++) {
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("reviews", items(random));
      Map<String, Object> call = new LinkedHashMap<>();
      call.put("reviews", items(random));
      context.put("call", call);
      String expression = expression(random);
      Object expected = JsonataOracle.evaluate(expression, context);
      Object actual = Expression.compile(expression).evaluate(context);
      assertEquals(
          String.valueOf(expected), String.valueOf(actual), () -> expression + " over " + context);
      if (Projection.of(expression).read(context) != FastPath.UNDECIDED) {
        decided++;
      }
    }
    assertTrue(decided > 2000, "the fast path itself answered " + decided);
  }

  private static String expression(Random random) {
    String source = random.nextBoolean() ? "reviews" : "call.reviews";
    StringBuilder fields = new StringBuilder();
    int count = 1 + random.nextInt(3);
    List<String> used = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String key = "k" + i;
      String path =
          FIELDS[random.nextInt(FIELDS.length)] + (random.nextInt(4) == 0 ? ".inner" : "");
      used.add(path);
      fields.append(i == 0 ? "" : ", ").append('"').append(key).append("\": ").append(path);
    }
    String projection = source + ".{ " + fields + " }";
    return random.nextBoolean() ? "[" + projection + "]" : projection;
  }

  private static Object items(Random random) {
    int kind = random.nextInt(10);
    if (kind == 0) {
      return item(random); // one object, not a list
    }
    if (kind == 1) {
      return null;
    }
    List<Object> list = new ArrayList<>();
    int size = kind == 2 ? 0 : kind == 3 ? 1 : 1 + random.nextInt(5);
    for (int i = 0; i < size; i++) {
      list.add(random.nextInt(25) == 0 ? random.nextInt(9) : item(random));
    }
    return list;
  }

  private static Map<String, Object> item(Random random) {
    Map<String, Object> item = new LinkedHashMap<>();
    for (String field : FIELDS) {
      switch (random.nextInt(8)) {
        case 0 -> {} // absent
        case 1 -> item.put(field, null);
        case 2 -> item.put(field, "t" + random.nextInt(9));
        case 3 -> item.put(field, new ArrayList<>(List.of(random.nextInt(3), random.nextInt(3))));
        case 4 -> item.put(field, new LinkedHashMap<>(Map.of("inner", random.nextInt(5))));
        case 5 ->
            item.put(field, new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("inner", 1)))));
        default -> item.put(field, random.nextInt(5) + (random.nextBoolean() ? 0.5 : 0));
      }
    }
    return item;
  }
}
