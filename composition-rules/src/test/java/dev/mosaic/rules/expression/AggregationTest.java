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

/** The aggregation fast path gives JSONata's answer, of the same number type, or declines. */
class AggregationTest {

  private static final List<String> SHAPES =
      List.of(
          "$count(reviews) > 0 ? $round($average(reviews.rating), 1) : null",
          "$count(reviews)",
          "$count(reviews.rating)",
          "$sum(reviews.rating)",
          "$average(reviews.rating)",
          "$max(reviews.rating)",
          "$min( reviews.rating )",
          "$round($average(reviews.rating))",
          "$round($average(reviews.rating), 2)",
          "$round($sum(reviews.rating), 0)",
          "$sum(reviews.rating) >= 3 ? $max(reviews.rating) : 0",
          "$count(reviews) = 0 ? null : $round($sum(reviews.rating), 1)",
          "$average(reviews.rating) != 2.5 ? -1 : 1.5",
          "$sum(scores)",
          "$average(scores)");

  @Test
  void onlyTheSummaryShapesTakeTheFastPath() {
    for (String shape : SHAPES) {
      assertNotNull(Aggregation.of(shape), shape);
    }
    for (String other :
        List.of(
            "$count(reviews) > 0",
            "$count(a.b.c)",
            "$round($average(reviews.rating), 7)",
            "$round(reviews.rating, 1)",
            "$sum(reviews[0].rating)",
            "$count(reviews) > 0 ? reviews : null",
            "$count($filter(reviews, function($r){$r.rating > 3}))",
            "$average(reviews.rating) + 1",
            "$sum(and)",
            "null",
            "3")) {
      assertNull(Aggregation.of(other), other);
    }
  }

  /** Differential: generated lists under every shape, against JSONata alone. */
  @Test
  void answersAsJsonataDoesOverGeneratedLists() {
    Random random = new Random(20261204);
    int decided = 0;
    int rounds = 6000;
    for (int round = 0; round < rounds; round++) {
      Map<String, Object> context = new LinkedHashMap<>();
      if (random.nextInt(10) > 0) {
        context.put("reviews", reviews(random));
      }
      if (random.nextInt(3) > 0) {
        List<Object> scores = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          scores.add(number(random));
        }
        context.put("scores", random.nextInt(6) == 0 && !scores.isEmpty() ? scores.get(0) : scores);
      }
      String source = SHAPES.get(random.nextInt(SHAPES.size()));
      Object expected;
      try {
        expected = JsonataOracle.evaluate(source, context);
      } catch (RuntimeException e) {
        expected = "error";
      }
      Object fast = Aggregation.of(source).read(context);
      if (fast != FastPath.UNDECIDED) {
        decided++;
        assertEquals(expected, fast, source + " over " + context);
      }
    }
    assertTrue(decided > rounds / 2, "decided " + decided);
  }

  private static Object reviews(Random random) {
    int shape = random.nextInt(12);
    if (shape == 0) {
      return null;
    }
    if (shape == 1) {
      return review(random);
    }
    if (shape == 2) {
      return "none";
    }
    List<Object> list = new ArrayList<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      list.add(random.nextInt(25) == 0 ? List.of(review(random)) : review(random));
    }
    return list;
  }

  private static Map<String, Object> review(Random random) {
    Map<String, Object> review = new LinkedHashMap<>();
    review.put("text", "t" + random.nextInt(3));
    switch (random.nextInt(14)) {
      case 0 -> {} // no rating
      case 1 -> review.put("rating", null);
      case 2 -> review.put("rating", "4");
      case 3 -> review.put("rating", List.of(1, 2));
      default -> review.put("rating", number(random));
    }
    return review;
  }

  private static Object number(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> random.nextInt(6);
      case 1 -> (long) random.nextInt(6);
      case 2 -> random.nextInt(11) / 2.0;
      case 3 -> random.nextInt(1000) / 8.0 - 60;
      default -> 3_000_000_000L + random.nextInt(3);
    };
  }
}
