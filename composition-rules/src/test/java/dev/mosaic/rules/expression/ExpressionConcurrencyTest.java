package dev.mosaic.rules.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One compiled template is shared by every event loop. jsonata-java keeps per-evaluation state per
 * thread and has had bugs there (jsonata-java#90, #93), so this holds it to the way Mosaic uses it:
 * the same compiled response shape evaluated from several threads over different contexts.
 */
class ExpressionConcurrencyTest {

  @Test
  void sharedTemplateGivesEachThreadItsOwnAnswer() throws Exception {
    ValueTemplate shape =
        new ValueTemplate.ObjectShape(
            List.of("id", "name", "reviews", "rating"),
            List.of(
                ValueTemplate.ofText("${product.id}"),
                ValueTemplate.ofText("Item ${product.name}"),
                ValueTemplate.ofText("${[reviews.{ \"r\": rating }]}"),
                ValueTemplate.ofText("${$average(reviews.rating)}")));
    int threads = 4;
    int perThread = 25_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        wrong.add(
            pool.submit(
                () -> {
                  int mismatches = 0;
                  for (int i = 0; i < perThread; i++) {
                    long id = thread * 1_000_000L + i;
                    Map<String, Object> context =
                        Map.of(
                            "product", Map.of("id", id, "name", "p" + id),
                            "reviews",
                                List.of(
                                    Map.of("rating", thread + 1), Map.of("rating", thread + 1)));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> out = (Map<String, Object>) shape.render(context);
                    boolean right =
                        out.get("id").equals(id)
                            && out.get("name").equals("Item p" + id)
                            && ((List<?>) out.get("reviews")).size() == 2
                            && ((Number) out.get("rating")).intValue() == thread + 1;
                    if (!right) {
                      mismatches++;
                    }
                  }
                  return mismatches;
                }));
      }
      int total = 0;
      for (Future<Integer> f : wrong) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertEquals(0, total, "evaluations that saw another thread's data");
    } finally {
      pool.shutdownNow();
    }
  }
}
